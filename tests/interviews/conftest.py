"""Fixtures of the review workflow's tests (four-eyes rule, workflow admin pages)."""

import pytest

from tests.factories import make_draft, make_user


@pytest.fixture
def reviewer(client):
    user = make_user("lisi", "审核")
    client.force_login(user)
    return user


@pytest.fixture
def submitted():
    interview = make_draft(title="待审访谈")
    interview.submit(by=make_user("zhangsan", "编辑"))
    return interview
