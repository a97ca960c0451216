"""Runs Ralph's LRS on its file-system backend, appending each request's statements.

Ralph (5.1.0, and every 4.x/5.x release) writes its file-system LRS with the `create`
operation, which refuses a file that exists: every request after the first answers HTTP
500. The `append` operation is part of the same backend; this launcher makes it the
default and starts the server in this process (no reloader), for the xAPI test:

    python ralph-lrs.py HOST PORT DATA_DIR

Credentials are read from RALPH_APP_DIR/auth.json, as `ralph runserver` does.
"""

import os
import sys

host, port, data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"
os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = data

import uvicorn  # noqa: E402
from ralph.backends.data.base import BaseOperationType  # noqa: E402
from ralph.backends.lrs.fs import FSLRSBackend  # noqa: E402

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402

uvicorn.run(app, host=host, port=port, log_level="info")
