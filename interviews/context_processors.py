from django.conf import settings


def site(request):
    """Site identity and the footer marks a government site carries, for base.html."""
    return {
        "site": {
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL,
            "organizer": settings.SITE_ORGANIZER,
            "undertaker": settings.SITE_UNDERTAKER,
            "phone": settings.SITE_PHONE,
            "identifier": settings.SITE_IDENTIFIER,
            "icp_number": settings.SITE_ICP_NUMBER,
            "psb_number": settings.SITE_PSB_NUMBER,
            "conac_image": settings.SITE_CONAC_IMAGE,
            "conac_url": settings.SITE_CONAC_URL,
        }
    }
