# trainsim_lean_record.py — the recording of trainsim's stand-in of LEAN
# (trainsim_lean.py): the one RECORDER every part of the stand-in writes to,
# each call and note with the file:line of the user's code that made it (the
# frames of this folder's files are not the user's). trainsim_exec.py writes
# what it holds as the run's JSON document.

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------------------
# The recording.

class Recorder:
    def __init__(self):
        self.calls = []
        self.notes = []
        self.algorithm_dir = None
        self.display = {}  # absolute file -> the name shown in messages

    def where(self):
        """file:line of the innermost frame that is the user's code."""
        f = sys._getframe(1)
        while f is not None:
            name = f.f_code.co_filename
            if os.path.dirname(os.path.abspath(name)) != _HERE and not name.startswith("<"):
                return self.shown(name) + ":" + str(f.f_lineno)
            f = f.f_back
        return "?"

    def shown(self, name):
        path = os.path.abspath(name)
        if path in self.display:
            return self.display[path]
        shown = path
        if self.algorithm_dir:
            base = next(iter(self.display.values()), "")
            rel = os.path.relpath(path, self.algorithm_dir)
            if not rel.startswith(".."):
                shown = os.path.join(os.path.dirname(base), rel)
        self.display[path] = shown
        return shown

    def record(self, kind, **fields):
        entry = {"kind": kind, "at": self.where()}
        entry.update(fields)
        self.calls.append(entry)

    def note(self, message):
        self.notes.append({"at": self.where(), "message": message})


RECORDER = Recorder()


class Unrenderable(Exception):
    pass
