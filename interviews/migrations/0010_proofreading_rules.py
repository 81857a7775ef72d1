"""Starter proofreading rules (错敏词): wrong forms common in official writing.

Each wrong form was chosen so that it never occurs inside correct text, or it lists the correct
longer phrases that contain it as exceptions (tests/interviews/test_proofreading.py checks that
no rule fires on its own right form or exceptions, and that the sample interview has no 严重 finding).
Editors maintain the list in the admin afterwards; this migration only adds missing entries.
"""

from django.db import migrations

S, M = "severe", "minor"

RULES = [
    # Leaders' names and titles.
    ("以习近平为核心的党中央", "以习近平同志为核心的党中央", S, "固定表述，「同志」不能省略", ""),
    ("习总书记", "习近平总书记", S, "领导人称谓须用全名", ""),
    ("习大大", "习近平总书记", S, "正式稿件不得使用昵称", ""),
    ("习近平书记", "习近平总书记", S, "现任职务是总书记；回顾其地方任职经历时请核对原文", ""),
    ("习主席", "习近平主席", M, "地方稿件一般使用全名；军队稿件可用「习主席」", ""),
    ("人大委员长", "全国人大常委会委员长", S, "职务名称错误", ""),
    # Fixed political formulations.
    (
        "新时代中国特色社会主义思想",
        "习近平新时代中国特色社会主义思想",
        S,
        "固定表述，不能省略「习近平」",
        "习近平新时代中国特色社会主义思想",
    ),
    ("人类共同命运体", "人类命运共同体", S, "固定表述", ""),
    ("供给侧结构改革", "供给侧结构性改革", S, "固定表述", ""),
    ("整体国家安全观", "总体国家安全观", S, "固定表述", ""),
    ("青山绿水就是金山银山", "绿水青山就是金山银山", S, "固定表述，语序不能颠倒", ""),
    ("中央八条规定", "中央八项规定", S, "固定表述", ""),
    ("两个100年", "两个一百年", S, "固定表述用汉字数字", ""),
    ("不忘初衷、牢记使命", "不忘初心、牢记使命", S, "固定表述", ""),
    ("不忘初衷，牢记使命", "不忘初心、牢记使命", S, "固定表述", ""),
    ("全面从紧治党", "全面从严治党", S, "固定表述", ""),
    ("社会主义核心价值体现", "社会主义核心价值观", S, "固定表述", ""),
    ("台湾总统", "台湾地区领导人", S, "涉台用语规范", ""),
    ("台湾政府", "台湾当局", S, "涉台用语规范", ""),
    ("香港主权移交", "香港回归祖国", S, "涉港用语规范", ""),
    ("大陆与香港", "内地与香港", M, "涉港用语规范", ""),
    ("大陆和香港", "内地和香港", M, "涉港用语规范", ""),
    ("京津翼", "京津冀", S, "地名错字", ""),
    ("贯切落实", "贯彻落实", S, "常用政务用语错字", ""),
    # Common wrong characters and idioms.
    ("按装", "安装", M, "", "按装修,按装备,按装机,按装置,按装载,按装卸,按装订,按装饰,按装箱,按装配"),
    ("既使", "即使", M, "表示假设让步用「即使」；「既使……又……」结构中的「既使」是正确的，请核对", ""),
    ("再接再励", "再接再厉", M, "", ""),
    ("迫不急待", "迫不及待", M, "", ""),
    ("一股作气", "一鼓作气", M, "", ""),
    ("默守成规", "墨守成规", M, "", ""),
    ("穿流不息", "川流不息", M, "", ""),
    ("变本加利", "变本加厉", M, "", ""),
    ("出奇不意", "出其不意", M, "", ""),
    ("走头无路", "走投无路", M, "", ""),
    ("针贬时弊", "针砭时弊", M, "", ""),
    ("甘败下风", "甘拜下风", M, "", ""),
    ("美仑美奂", "美轮美奂", M, "", ""),
    ("一愁莫展", "一筹莫展", M, "", ""),
    ("相辅相承", "相辅相成", M, "", ""),
    ("既往不究", "既往不咎", M, "", ""),
    ("融汇贯通", "融会贯通", M, "", ""),
    ("竞竞业业", "兢兢业业", M, "", ""),
    ("人才倍出", "人才辈出", M, "", ""),
    ("布署", "部署", M, "", ""),
    ("松驰", "松弛", M, "", "放松驰"),
    ("幅射", "辐射", M, "", ""),
    ("一如继往", "一如既往", M, "", ""),
    ("按步就班", "按部就班", M, "", ""),
    ("循序渐近", "循序渐进", M, "", ""),
    ("披星带月", "披星戴月", M, "", ""),
    ("攻艰克难", "攻坚克难", M, "", ""),
    ("宏扬", "弘扬", M, "", "恢宏扬"),
    ("坚苦奋斗", "艰苦奋斗", M, "", ""),
    ("振耳欲聋", "震耳欲聋", M, "", ""),
    ("座落", "坐落", M, "规范写法为「坐落」", "讲座落,宝座落,底座落,插座落"),
    ("一诺千斤", "一诺千金", M, "", ""),
    ("直接了当", "直截了当", M, "", ""),
    ("有持无恐", "有恃无恐", M, "", ""),
    ("不径而走", "不胫而走", M, "", ""),
    ("事必恭亲", "事必躬亲", M, "", ""),
]


def forwards(apps, schema_editor):
    ProofreadingRule = apps.get_model("interviews", "ProofreadingRule")
    for wrong, right, severity, note, exceptions in RULES:
        ProofreadingRule.objects.get_or_create(
            wrong=wrong,
            defaults={"right": right, "severity": severity, "note": note, "exceptions": exceptions.replace(",", "\n")},
        )


class Migration(migrations.Migration):
    dependencies = [("interviews", "0009_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
