"""A real local Spark session (`local[2]`) on the JVM that `scripts/install-java.sh` installs (run by `make test`).

Without PySpark (the `spark` extra) or Java, the Spark tests skip and say why."""
from __future__ import annotations

import os
import shutil

import pytest


def spark_or_skip():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        pytest.skip("PySpark is not installed: `make test` installs the spark extra (pip install -e '.[spark]')")
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        pytest.skip("no Java runtime: `make test` installs Debian's openjdk-17-jre-headless when root with apt "
                    "(scripts/install-java.sh)")


@pytest.fixture(scope="session")
def spark():
    spark_or_skip()
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from marsad.batch.spark import spark_session

    session = spark_session("local[2]", "marsad-tests")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
