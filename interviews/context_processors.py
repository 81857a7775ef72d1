from django.conf import settings


def site(request):
    """Site name and the footer marks (主办单位, 网站标识码, ICP/公安备案号) for base.html."""
    return {
        "site": {
            "name": settings.SITE_NAME,
            "organizer": settings.SITE_ORGANIZER,
            "identifier": settings.SITE_IDENTIFIER,
            "icp_number": settings.SITE_ICP_NUMBER,
            "psb_number": settings.SITE_PSB_NUMBER,
        }
    }
