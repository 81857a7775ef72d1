"""Seed 长春市 and its districts, counties and development zones, so imports link to them."""

from django.db import migrations

from interviews.slugs import pinyin_slug

CITY = "长春市"
CHILDREN = [
    ("南关区", "district"),
    ("宽城区", "district"),
    ("朝阳区", "district"),
    ("二道区", "district"),
    ("绿园区", "district"),
    ("双阳区", "district"),
    ("九台区", "district"),
    ("农安县", "county"),
    ("榆树市", "city"),
    ("德惠市", "city"),
    ("公主岭市", "city"),
    ("长春经济技术开发区", "zone"),
    ("长春高新技术产业开发区", "zone"),
    ("长春净月高新技术产业开发区", "zone"),
    ("长春汽车经济技术开发区", "zone"),
    ("长春新区", "zone"),
    ("中韩（长春）国际合作示范区", "zone"),
]


def seed(apps, schema_editor):
    Region = apps.get_model("interviews", "Region")
    city, _ = Region.objects.get_or_create(name=CITY, defaults={"slug": pinyin_slug(CITY), "kind": "city"})
    for name, kind in CHILDREN:
        Region.objects.get_or_create(name=name, defaults={"slug": pinyin_slug(name), "kind": kind, "parent": city})


def unseed(apps, schema_editor):
    Region = apps.get_model("interviews", "Region")
    Region.objects.filter(name__in=[name for name, _ in CHILDREN], interviews=None).delete()
    Region.objects.filter(name=CITY, interviews=None, children=None).delete()


class Migration(migrations.Migration):
    dependencies = [("interviews", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
