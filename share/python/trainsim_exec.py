# trainsim_exec.py — runs one algorithm's Initialize against the recording
# stand-in of LEAN (trainsim_lean.py) and writes what it recorded as one JSON
# document to the file descriptor trainsim gives. Started by `trainsim ... --exec`
# (lib/exec); not meant to be run by hand.
#
#   python3 trainsim_exec.py --algorithm /abs/main.py --display main.py --record-fd 3 [--parameters JSON]
#
# The document: {"calls": [...], "notes": [...], "missing-modules": [...]} or,
# when Initialize raised, {"error": {"type", "message", "at", "traceback"}}.

import builtins
import importlib.machinery
import json
import os
import sys
import traceback
import types

sys.dont_write_bytecode = True  # nothing written into the user's project
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import trainsim_lean as lean  # noqa: E402

_STAND_IN_ROOTS = ("AlgorithmImports", "QuantConnect", "System", "clr", "Python", "Newtonsoft", "NodaTime")


def _args(argv):
    out = {"parameters": "{}"}
    i = 1
    while i + 1 < len(argv):
        out[argv[i].lstrip("-")] = argv[i + 1]
        i += 2
    return out


class _StandInFinder:
    """Serves AlgorithmImports, QuantConnect.*, System.*, clr from the stand-in."""

    def __init__(self, names):
        self.names = names

    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] not in _STAND_IN_ROOTS:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        module = lean.permissive_module(spec.name, self.names)
        if spec.name == "clr":
            module.AddReference = lambda *a, **k: None
            module.GetClrType = lambda *a, **k: lean.NoOp()
        return module

    def exec_module(self, module):
        pass


class _Missing:
    """Imports from the user's files of modules that are not installed
    (torch, tensorflow, ...) get a no-op module, with a note."""

    def __init__(self, user_dir):
        self.user_dir = user_dir
        self.real_import = builtins.__import__
        self.missing = []

    def __call__(self, name, globals=None, locals=None, fromlist=(), level=0):
        try:
            return self.real_import(name, globals, locals, fromlist, level)
        except ModuleNotFoundError:
            caller = (globals or {}).get("__file__") or ""
            if level != 0 or not os.path.abspath(caller).startswith(self.user_dir + os.sep):
                raise
            top = name.split(".")[0]
            at = lean.RECORDER.where()
            if not any(m["module"] == top for m in self.missing):
                self.missing.append({"module": top, "at": at})
            module = lean.NoOpModule(top)
            for part in name.split(".")[1:]:
                sys.modules.setdefault(top + "." + part, lean.NoOpModule(top + "." + part))
            sys.modules.setdefault(top, module)
            return sys.modules[top] if not fromlist else sys.modules.get(name, module)


class _Builtins(dict):
    """The algorithm file's builtins: a name it never defined or imported (LEAN's
    AlgorithmImports exports hundreds) is the stand-in's, else a no-op class.
    (CPython consults a builtins dict's __missing__; globals it reads directly.)"""

    def __missing__(self, name):
        if name in lean_names:
            return lean_names[name]
        if name in lean.LAZY_MODULES:
            try:
                lean_names[name] = __import__(lean.LAZY_MODULES[name])
            except ImportError:
                lean_names[name] = lean.NoOpModule(lean.LAZY_MODULES[name])
            return lean_names[name]
        if name.startswith("__"):
            raise KeyError(name)
        return lean.NoOpBase


lean_names = {}
builtins_with_lean = None  # a _Builtins, once main() made it


class _UserModules:
    """The algorithm's own modules (main.py's neighbours it imports) get the
    same builtins as main.py, so LEAN's names resolve in them too."""

    def __init__(self, user_dir):
        self.user_dir = user_dir

    def find_spec(self, fullname, path=None, target=None):
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            return spec
        if not os.path.abspath(spec.origin).startswith(self.user_dir + os.sep):
            return spec

        class Loader(importlib.machinery.SourceFileLoader):
            def exec_module(self, module):
                module.__builtins__ = builtins_with_lean
                super().exec_module(module)

        spec.loader = Loader(fullname, spec.origin)
        return spec


def _user_frame(tb, user_dir):
    """file:line of the innermost traceback frame in the user's files."""
    at = None
    for frame, line in traceback.walk_tb(tb):
        name = os.path.abspath(frame.f_code.co_filename)
        if name.startswith(user_dir + os.sep):
            at = lean.RECORDER.shown(name) + ":" + str(line)
    return at


def _algorithm_class(namespace):
    classes = [v for v in namespace.values()
               if isinstance(v, type) and issubclass(v, lean.QCAlgorithm) and v is not lean.QCAlgorithm
               and v.__module__ == "main"]
    # The most derived one: LEAN instantiates the algorithm class, not its bases.
    leaves = [c for c in classes if not any(o is not c and issubclass(o, c) for o in classes)]
    return leaves[0] if leaves else None


def main():
    a = _args(sys.argv)
    path = os.path.abspath(a["algorithm"])
    user_dir = os.path.dirname(path)
    out = os.fdopen(int(a["record-fd"]), "w")
    lean.RECORDER.algorithm_dir = user_dir
    lean.RECORDER.display[path] = a.get("display", path)
    lean.set_parameters(json.loads(a["parameters"]))
    lean_names.update(lean.exported_names())
    sys.meta_path.insert(0, _StandInFinder(lean_names))
    sys.meta_path.insert(1, _UserModules(user_dir))
    missing = _Missing(user_dir)
    builtins.__import__ = missing
    global builtins_with_lean
    builtins_with_lean = _Builtins(builtins.__dict__)  # a copy: after __import__ is replaced
    sys.path.insert(0, user_dir)
    sys.argv = [path]

    result = {}
    try:
        with open(path, "rb") as f:
            source = f.read()
        code = compile(source, path, "exec")
        module = types.ModuleType("main")
        module.__file__ = path
        sys.modules["main"] = module
        namespace = {"__name__": "main", "__file__": path, "__builtins__": builtins_with_lean}
        exec(code, namespace)
        cls = _algorithm_class(namespace)
        if cls is None:
            raise TypeError("no class deriving from QCAlgorithm in " + lean.RECORDER.shown(path))
        algorithm = cls()
        initialize = None
        for name in ("initialize", "Initialize"):
            for klass in cls.__mro__:
                if klass is lean.QCAlgorithm:
                    break
                if name in klass.__dict__:
                    initialize = getattr(algorithm, name)
                    break
            if initialize:
                break
        if initialize is None:
            raise TypeError(cls.__name__ + " defines no initialize (or Initialize) method")
        initialize()
        result = {"calls": lean.RECORDER.calls, "notes": lean.RECORDER.notes, "missing-modules": missing.missing}
        status = 0
    except BaseException as e:  # SystemExit too: Initialize must return
        traceback.print_exc()
        result = {"error": {"type": type(e).__name__, "message": str(e),
                            "at": _user_frame(e.__traceback__, user_dir) or "", "traceback": traceback.format_exc()}}
        status = 1
    builtins.__import__ = missing.real_import
    out.write(json.dumps(result))
    out.close()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)  # no interpreter teardown: the user's threads and atexit hooks do not hold the run


if __name__ == "__main__":
    main()
