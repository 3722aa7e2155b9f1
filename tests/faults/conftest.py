import shutil

import pytest

from .servers import RedisServer


@pytest.fixture
def redis_server(tmp_path):
    """A private redis-server the test may kill, freeze and restart."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is required for the fault tests (Debian: apt-get install redis-server)")
    server = RedisServer(tmp_path)
    yield server
    server.stop()
