# trainsim_lean_noop.py — the permissive no-op of trainsim's stand-in of LEAN
# (trainsim_lean.py): what an algorithm's Initialize touches that trainsim does
# not read (LEAN's other classes, modules that are not installed) runs through.

# ---------------------------------------------------------------------------
# The permissive no-op: any attribute, call, index, arithmetic or iteration
# works and gives another no-op (or an empty/zero value where Python needs one).

class _NoOpMeta(type):
    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return NoOp()

    def __getitem__(cls, key):  # RollingWindow[float](10)
        return cls


class NoOpBase(Exception, metaclass=_NoOpMeta):
    """A class to derive from (`class Net(nn.Module)` where nn is a no-op), to
    call, or to catch (`except SomeLeanException:`)."""

    def __init__(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return NoOp()

    def __call__(self, *args, **kwargs):
        return NoOp()


class NoOp:
    def __init__(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return NoOp()

    def __setattr__(self, name, value):
        pass

    def __call__(self, *args, **kwargs):
        return NoOp()

    def __getitem__(self, key):
        return NoOp()

    def __setitem__(self, key, value):
        pass

    def __delitem__(self, key):
        pass

    def __iter__(self):
        return iter(())

    def __len__(self):
        return 0

    def __bool__(self):
        return False

    def __contains__(self, item):
        return False

    def __int__(self):
        return 0

    def __float__(self):
        return 0.0

    def __index__(self):
        return 0

    def __str__(self):
        return ""

    def __repr__(self):
        return "<no-op>"

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __mro_entries__(self, bases):
        return (NoOpBase,)

    def __format__(self, spec):
        return ""


def _operator(self, *args):
    return NoOp()


for _op in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or", "xor",
            "lshift", "rshift", "neg", "pos", "abs", "invert", "lt", "le", "gt", "ge"):
    setattr(NoOp, "__%s__" % _op, _operator)
    if _op not in ("neg", "pos", "abs", "invert", "lt", "le", "gt", "ge"):
        setattr(NoOp, "__r%s__" % _op, _operator)


class NoOpModule(NoOp):
    """A module the algorithm imports that is not installed."""

    def __init__(self, name):
        for attr, value in (("__name__", name), ("__path__", []), ("__all__", []), ("__spec__", None),
                            ("__loader__", None), ("__file__", None)):
            object.__setattr__(self, attr, value)

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return NoOp()
