# trainsim_lean_rules.py — the scheduled work in trainsim's stand-in of LEAN
# (trainsim_lean.py): date and time rules rendered as the rule text trainsim
# parses, Schedule.On recorded, and the settings objects whose attributes
# decide the calendar (daily precise end time, the universe's resolution).

from trainsim_lean_noop import NoOp
from trainsim_lean_record import RECORDER, Unrenderable
from trainsim_lean_values import EnumMember, Rendered, Resolution, normalize, pascal, render_call


# ---------------------------------------------------------------------------
# Date and time rules: each call renders to the rule text trainsim parses.

class _RuleFactory:
    def __init__(self, family, properties):
        self._family = family
        self._properties = properties

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        method = pascal(name)
        if method in self._properties:
            return Rendered(self._family + "." + method)
        family = self._family

        def rule(*args, **kwargs):
            try:
                return Rendered(render_call(family + "." + method, args,
                                            {k: v for k, v in kwargs.items()}))
            except Unrenderable as e:
                RECORDER.note("%s.%s(...): an argument of type %s that trainsim cannot read; the event that uses "
                              "this rule is not read" % (family, method, e.args[0]))
                return NoOp()

        return rule


def date_rules():
    return _RuleFactory("DateRules", {"Today", "Tomorrow"})


def time_rules():
    return _RuleFactory("TimeRules", {"Midnight", "Noon", "Now"})


def _callback_name(callback):
    """A method of the algorithm by its name; a lambda: empty (LEAN's name)."""
    while isinstance(callback, _Action):
        callback = callback.inner
    name = getattr(callback, "__name__", None)
    if name is None or name == "<lambda>":
        return ""
    return name


class _Action:
    def __init__(self, inner=None, *args):
        self.inner = inner

    def __call__(self, *args, **kwargs):
        return None


Action = _Action
Func = _Action


class _Schedule(NoOp):
    def on(self, *args, **kwargs):
        args = list(args) + list(kwargs.values())
        if len(args) not in (3, 4):
            RECORDER.note("Schedule.On with %d arguments: not read" % len(args))
            return NoOp()
        name = args[0] if len(args) == 4 and isinstance(args[0], str) else None
        d, t, callback = args[-3], args[-2], args[-1]
        if not isinstance(d, Rendered) or not isinstance(t, Rendered):
            RECORDER.note("Schedule.On: its rules are not rules trainsim can read; add the event to simulation.events")
            return NoOp()
        RECORDER.record("schedule", name=name, date_rule=d.text, time_rule=t.text, method=_callback_name(callback))
        return NoOp()

    On = on


# ---------------------------------------------------------------------------
# Settings objects whose attributes matter.

class _Settings(NoOp):
    def __setattr__(self, name, value):
        if normalize(name) == "dailyprecisendtime" or normalize(name) == "dailypreciseendtime":
            if isinstance(value, bool):
                RECORDER.record("daily-precise-end-time", value=value)
            else:
                RECORDER.note("Settings.DailyPreciseEndTime from a value that is not True/False; set "
                              "simulation.daily-precise-end-time")


class _UniverseSettings(NoOp):
    def __init__(self):
        object.__setattr__(self, "_resolution", "minute")
        object.__setattr__(self, "_extended", False)

    def __setattr__(self, name, value):
        key = normalize(name)
        if key == "resolution":
            r = _resolution_of(value)
            if r is not None:
                object.__setattr__(self, "_resolution", r)
        elif key == "extendedmarkethours" and isinstance(value, bool):
            object.__setattr__(self, "_extended", value)

    def __getattr__(self, name):
        key = normalize(name)
        if key == "resolution":
            return getattr(Resolution, object.__getattribute__(self, "_resolution"))
        if key == "extendedmarkethours":
            return object.__getattribute__(self, "_extended")
        return NoOp()


def _resolution_of(value):
    if isinstance(value, EnumMember) and value.enum == "Resolution":
        if value.key == "tick":
            RECORDER.note("tick resolution is not simulated (one timeslice per trade is unknowable in advance); "
                          "trainsim uses second bars for it; set the resolution in simulation.securities to choose")
            return "second"
        if value.key in ("second", "minute", "hour", "daily"):
            return value.key
    return None
