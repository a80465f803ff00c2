"""Shared by the fixture generators in tools/: writes a {file name: bytes} table to a folder.

The folder ends up holding exactly the table's files (stale ones are removed), so a fixture
dropped from a generator also disappears from the repository.
"""
import os

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
FIXTURES = os.path.join(ROOT, "Tests", "DigitsKitTests", "Fixtures")


def write_fixtures(relative_dir, fixtures):
    """Writes `fixtures` ({name: bytes}) to Tests/DigitsKitTests/Fixtures/<relative_dir>/."""
    out = os.path.join(FIXTURES, relative_dir)
    os.makedirs(out, exist_ok=True)
    for stale in set(os.listdir(out)) - set(fixtures):
        os.remove(os.path.join(out, stale))
    for name, data in fixtures.items():
        assert isinstance(data, bytes), name
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    total = sum(len(d) for d in fixtures.values())
    print(f"wrote {len(fixtures)} fixtures ({total} bytes) to {os.path.relpath(out, ROOT)}")
