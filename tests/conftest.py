import json
import uuid
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def sample_path() -> Path:
    return DATA / "nanguan-2022-interview.txt"


@pytest.fixture
def sample_text(sample_path) -> str:
    return sample_path.read_text(encoding="utf-8")


@pytest.fixture
def gold() -> dict:
    return json.loads((DATA / "nanguan-2022-interview.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Uploaded files and renditions go to a fresh folder per test, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher is deliberately slow; tests create many users and log in for real.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def isolated_cache(settings, tmp_path):
    """A cache namespace and content-version file of each test's own (the Redis server may be shared).

    The whole-page cache is off unless a test turns it on (``page_cache`` fixture): most tests change
    content inside the test's transaction, whose commit, which starts a new content version, never comes.
    """
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"} for name, config in settings.CACHES.items()
    }
    settings.CONTENT_VERSION_FILE = tmp_path / "content-version"
    settings.PUBLIC_CACHE_SECONDS = 0


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_CACHE_SECONDS = 600


@pytest.fixture
def imported_sample(db, sample_text):
    """The sample interview as the importer leaves it: a draft with its figures 待核实."""
    from interviews.importing.loader import save_interview
    from interviews.importing.parser import parse_transcript

    return save_interview(parse_transcript(sample_text), source_text=sample_text).interview


@pytest.fixture
def published_sample(imported_sample):
    imported_sample.publish()
    return imported_sample
