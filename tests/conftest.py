"""Shared fixtures for the answers layer: the bundled content, its matcher and conversation.

The loaded objects are frozen and the matcher is a pure function of its text, so they are
built once per session. A test that needs broken content takes `content_copy`, edits one
file in it and calls `load_content(path)`, leaving the bundled folder alone.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.answers.content import BUNDLED, Content, load_content
from bot.answers.conversation import Conversation
from bot.answers.matching import Matcher


@pytest.fixture(scope="session")
def content() -> Content:
    """The bundled `responses/` folder, loaded and validated."""
    return load_content(BUNDLED)


@pytest.fixture(scope="session")
def matcher(content: Content) -> Matcher:
    """The matcher built from the bundled content."""
    return Matcher(content)


@pytest.fixture(scope="session")
def conversation(content: Content) -> Conversation:
    """Text in, `Reply` out, over the bundled content."""
    return Conversation(content)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled content at `tmp_path/"responses"`, free to break."""
    folder = tmp_path / "responses"
    shutil.copytree(BUNDLED, folder)
    return folder
