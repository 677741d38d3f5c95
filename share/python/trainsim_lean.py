# trainsim_lean.py — a recording stand-in for the part of LEAN an algorithm's
# Initialize uses. Every call that decides the calendar or the scheduled work
# (dates, zone, subscriptions, benchmark, brokerage, warm-up, Train, Schedule.On)
# is recorded with the file:line of the user's code that made it; everything
# else is a permissive no-op, so Initialize runs through. Nothing here reads
# data, places orders, trains or opens a connection. trainsim (lib/exec) turns
# the recording into the same `simulation` block its static reader produces.

import datetime as _dt
import json
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))


def normalize(name):
    """Lower case without underscores: SP_500_E_MINI, Sp500EMini -> sp500emini."""
    return str(name).replace("_", "").lower()


def pascal(name):
    """every_day -> EveryDay; EveryDay stays."""
    if "_" not in name and name[:1].isupper():
        return name
    return "".join(p[:1].upper() + p[1:] for p in name.split("_") if p)


def snake(name):
    """SetStartDate -> set_start_date; set_start_date stays."""
    if not name[:1].isupper():
        return name
    out = []
    for i, c in enumerate(name):
        if c.isupper() and i > 0 and (not name[i - 1].isupper() or (i + 1 < len(name) and name[i + 1].islower())):
            out.append("_")
        out.append(c.lower())
    return "".join(out)


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


# ---------------------------------------------------------------------------
# Values as text in the spelling trainsim's rule parser reads.

def render(value):
    if isinstance(value, Rendered):
        return value.text
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, Symbol):
        return json.dumps(value.value)
    if isinstance(value, Security):
        return json.dumps(value.symbol.value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, _dt.timedelta):
        return "timedelta(days=%d, seconds=%d, microseconds=%d)" % (value.days, value.seconds, value.microseconds)
    if isinstance(value, _dt.datetime) or isinstance(value, _dt.date):
        return "datetime(%d, %d, %d)" % (value.year, value.month, value.day)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(render(v) for v in value) + "]"
    if value is None:
        return "None"
    raise Unrenderable(type(value).__name__)


def render_call(head, args, kwargs):
    parts = [render(a) for a in args] + ["%s=%s" % (k, render(v)) for k, v in kwargs.items()]
    return "%s(%s)" % (head, ", ".join(parts))


class Rendered:
    """A value that is its own expression text: a rule, an enum member, a zone."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


class EnumMember(Rendered):
    def __init__(self, enum, name, value=0):
        super().__init__(enum + "." + pascal(name.lower()) if name.isupper() and "_" not in name else enum + "." + name)
        self.enum = enum
        self.name = name
        self.key = normalize(name)
        self.value = value

    def __eq__(self, other):
        return isinstance(other, EnumMember) and other.enum == self.enum and other.key == self.key

    def __hash__(self):
        return hash((self.enum, self.key))

    def __int__(self):
        return self.value

    def __index__(self):
        return self.value

    def __str__(self):
        return self.name


class Enum:
    """`Resolution.MINUTE` and `Resolution.Minute` are the same member."""

    def __init__(self, name, members=()):
        self._name = name
        self._members = {normalize(m): i for i, m in enumerate(members)}

    def __getattr__(self, member):
        if member.startswith("__"):
            raise AttributeError(member)
        return EnumMember(self._name, member, self._members.get(normalize(member), 0))

    def __call__(self, *args, **kwargs):
        return NoOp()


Resolution = Enum("Resolution", ["Tick", "Second", "Minute", "Hour", "Daily"])
DayOfWeek = Enum("DayOfWeek", ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"])
SecurityType = Enum("SecurityType", ["Base", "Equity", "Option", "Commodity", "Forex", "Future", "Cfd", "Crypto",
                                     "FutureOption", "Index", "IndexOption", "CryptoFuture"])
BrokerageName = Enum("BrokerageName")
AccountType = Enum("AccountType", ["Margin", "Cash"])
DataNormalizationMode = Enum("DataNormalizationMode")
OrderType = Enum("OrderType")
OrderStatus = Enum("OrderStatus")
OrderDirection = Enum("OrderDirection")
MovingAverageType = Enum("MovingAverageType")
InsightDirection = Enum("InsightDirection")
DataMappingMode = Enum("DataMappingMode")
OptionRight = Enum("OptionRight")
OptionStyle = Enum("OptionStyle")
LogLevel = Enum("LogLevel")


class _TimeZones:
    """TimeZones.NEW_YORK: trainsim's rule parser knows LEAN's table."""

    def __getattr__(self, member):
        if member.startswith("__"):
            raise AttributeError(member)
        return Rendered("TimeZones." + member)


TimeZones = _TimeZones()


class _Market:
    """Market.USA -> "usa": LEAN's markets are lower-case strings."""

    def __getattr__(self, member):
        if member.startswith("__"):
            raise AttributeError(member)
        return normalize(member)


Market = _Market()

# Futures.<Group>.<Member> -> (ticker, exchange), by normalized member name.
_FUTURES = {
    "sp500emini": ("ES", "cme"), "nasdaq100emini": ("NQ", "cme"), "russell2000emini": ("RTY", "cme"),
    "dow30emini": ("YM", "cbot"), "microsp500emini": ("MES", "cme"), "micronasdaq100emini": ("MNQ", "cme"),
    "crudeoilwti": ("CL", "nymex"), "naturalgas": ("NG", "nymex"), "heatingoil": ("HO", "nymex"),
    "gasoline": ("RB", "nymex"), "gold": ("GC", "comex"), "silver": ("SI", "comex"), "copper": ("HG", "comex"),
    "corn": ("ZC", "cbot"), "soybeans": ("ZS", "cbot"), "wheat": ("ZW", "cbot"),
    "y10treasurynote": ("ZN", "cbot"), "y30treasurybond": ("ZB", "cbot"), "y5treasurynote": ("ZF", "cbot"),
    "y2treasurynote": ("ZT", "cbot"), "vix": ("VX", "cfe"), "euro": ("6E", "cme"), "japaneseyen": ("6J", "cme"),
    "britishpound": ("6B", "cme"), "btc": ("BTC", "cme"), "bitcoin": ("BTC", "cme"), "ether": ("ETH", "cme"),
}
_FUTURE_MARKETS = {t: m for t, m in _FUTURES.values()}


class _FuturesGroup:
    def __getattr__(self, member):
        if member.startswith("__"):
            raise AttributeError(member)
        found = _FUTURES.get(normalize(member))
        if found is None:
            RECORDER.note("`Futures.%s`: a futures constant trainsim does not know; add the future to "
                          "simulation.securities" % member)
            return "?" + member
        return found[0]


class _Futures:
    def __getattr__(self, group):
        if group.startswith("__"):
            raise AttributeError(group)
        return _FuturesGroup()


Futures = _Futures()


# ---------------------------------------------------------------------------
# Symbols and securities.

class SecurityIdentifier(NoOp):
    pass


class _SymbolMeta(type):
    """Symbol.create_option, Symbol.create_future, Symbol.EMPTY: a Symbol of
    the first argument (the underlying or the ticker)."""

    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        if normalize(name).startswith("create"):
            def create(*args, **kwargs):
                first = args[0] if args else "?"
                return first if isinstance(first, Symbol) else Symbol(str(first))
            return create
        if normalize(name) == "empty":
            return Symbol("")
        return NoOp()


class Symbol(metaclass=_SymbolMeta):
    def __init__(self, value, security_type=None, market=None):
        self.value = str(value).upper()
        self.security_type = security_type
        self.id = NoOp()

    # both spellings
    @property
    def Value(self):
        return self.value

    @property
    def ID(self):
        return self.id

    @staticmethod
    def create(ticker, security_type=None, market=None, *args, **kwargs):
        return Symbol(ticker, security_type, market)

    Create = create

    def __str__(self):
        return self.value

    def __repr__(self):
        return self.value

    def __eq__(self, other):
        if isinstance(other, Symbol):
            return other.value == self.value
        if isinstance(other, str):
            return other.upper() == self.value
        return False

    def __hash__(self):
        return hash(self.value)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return NoOp()


class Security(NoOp):
    def __init__(self, symbol):
        object.__setattr__(self, "symbol", symbol)

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        if name == "Symbol":
            return object.__getattribute__(self, "symbol")
        return NoOp()

    def __str__(self):
        return self.symbol.value

    def __repr__(self):
        return self.symbol.value

    def __bool__(self):
        return True


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


def _date_of(args, what):
    if len(args) == 3 and all(isinstance(a, int) for a in args):
        return _dt.date(*args).isoformat()
    if len(args) == 1 and isinstance(args[0], (_dt.date, _dt.datetime)):
        return _dt.date(args[0].year, args[0].month, args[0].day).isoformat()
    RECORDER.note("%s with values trainsim cannot read; set simulation.%s" % (what, "start" if "Start" in what else "end"))
    return None


def _pick(args, kwargs, index, *names):
    for k, v in kwargs.items():
        if normalize(k) in names:
            return v
    if index is not None and index < len(args):
        return args[index]
    return None


_SUBSCRIPTIONS = {  # method -> (type, default market, positional index of extended hours)
    "add_equity": ("Equity", "usa", 5), "add_forex": ("Forex", "oanda", None),
    "add_crypto": ("Crypto", "coinbase", None), "add_index": ("Index", "usa", None),
    "add_future": ("Future", "cme", 5), "add_cfd": ("Cfd", "oanda", None),
}
_UNREAD_SUBSCRIPTIONS = ("add_option", "add_index_option", "add_future_option", "add_data", "add_crypto_future",
                         "add_universe", "add_universe_selection", "add_option_contract", "add_future_contract",
                         "add_equity_universe")


# ---------------------------------------------------------------------------
# QCAlgorithm: the recorded calls in snake_case; PascalCase finds them too;
# anything else is a no-op.

def _state_property(name, make):
    """A property of the algorithm made on first use and kept (the rules, the schedule, the settings)."""
    attr = "_ts_" + name

    def get(algorithm):
        try:
            return object.__getattribute__(algorithm, attr)
        except AttributeError:
            value = make()
            object.__setattr__(algorithm, attr, value)
            return value

    return property(get)


class QCAlgorithm:
    def __init__(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        alias = snake(name)
        if alias != name:
            try:
                return object.__getattribute__(self, alias)
            except AttributeError:
                pass
        lower = alias
        if lower in _UNREAD_SUBSCRIPTIONS:
            def unread(*args, **kwargs):
                RECORDER.record("unread-subscription", method=name)
                return Security(Symbol(args[0] if args and isinstance(args[0], str) else "?"))
            return unread
        for prop in ("date_rules", "time_rules", "schedule", "settings", "universe_settings"):
            if lower == prop:
                return object.__getattribute__(self, prop)
        return NoOp()

    # ---- properties with a state
    date_rules = _state_property("date_rules", date_rules)
    time_rules = _state_property("time_rules", time_rules)
    schedule = _state_property("schedule", _Schedule)
    settings = _state_property("settings", _Settings)
    universe_settings = _state_property("universe_settings", _UniverseSettings)

    live_mode = False
    is_warming_up = False
    LiveMode = False
    IsWarmingUp = False

    # ---- dates, zone, benchmark, brokerage, warm-up
    def set_start_date(self, *args):
        d = _date_of(args, "SetStartDate")
        if d:
            RECORDER.record("start", date=d)

    def set_end_date(self, *args):
        d = _date_of(args, "SetEndDate")
        if d:
            RECORDER.record("end", date=d)

    def set_time_zone(self, zone):
        try:
            RECORDER.record("time-zone", zone=render(zone))
        except Unrenderable:
            RECORDER.note("SetTimeZone with a value trainsim cannot read; set simulation.time-zone")

    def set_benchmark(self, benchmark, *args):
        if isinstance(benchmark, (Symbol, Security, str)):
            RECORDER.record("benchmark", ticker=str(benchmark).upper() if not isinstance(benchmark, Security)
                            else benchmark.symbol.value)
        elif callable(benchmark):
            RECORDER.record("benchmark", ticker=None)
        else:
            RECORDER.note("SetBenchmark with a value trainsim cannot read; set simulation.benchmark")

    def set_brokerage_model(self, model, *args, **kwargs):
        if isinstance(model, EnumMember) and model.enum == "BrokerageName":
            RECORDER.record("brokerage", name=model.name)
        else:
            RECORDER.note("SetBrokerageModel with a model object: trainsim reads only BrokerageName.X; "
                          "set simulation.brokerage")

    def set_warm_up(self, period, resolution=None, *args, **kwargs):
        if resolution is None:
            resolution = _pick(args, kwargs, None, "resolution")
        fields = {}
        if isinstance(period, bool) or not isinstance(period, (int, _dt.timedelta)):
            RECORDER.note("SetWarmUp with a value trainsim cannot read; set simulation.warm-up")
            return
        if isinstance(period, int):
            fields["bars"] = period
        else:
            fields["micros"] = (period.days * 86400 + period.seconds) * 1000000 + period.microseconds
        if resolution is not None:
            r = _resolution_of(resolution)
            if r is None:
                RECORDER.note("SetWarmUp with a resolution trainsim cannot read; set simulation.warm-up")
                return
            fields["resolution"] = r
        RECORDER.record("warm-up", **fields)

    # ---- parameters
    def get_parameter(self, name, default_value=None):
        params = _PARAMETERS
        if name not in params:
            return default_value
        value = params[name]
        try:
            if isinstance(default_value, bool):
                return value.strip().lower() in ("true", "1")
            if isinstance(default_value, int):
                return int(value)
            if isinstance(default_value, float):
                return float(value)
        except ValueError:
            return default_value
        return value

    # ---- subscriptions
    def _subscribe(self, method, args, kwargs):
        kind, market, ext_index = _SUBSCRIPTIONS[method]
        ticker = _pick(args, kwargs, 0, "ticker", "symbol")
        if isinstance(ticker, Symbol):
            ticker = ticker.value
        if not isinstance(ticker, str) or not ticker or ticker.startswith("?"):
            if not (isinstance(ticker, str) and ticker.startswith("?")):
                RECORDER.note("%s without a ticker trainsim can read; add the security to simulation.securities"
                              % pascal(method))
            return Security(Symbol(str(ticker or "?")))
        resolution = self.universe_settings._resolution
        r = _pick(args, kwargs, 1, "resolution")
        if r is not None:
            read = _resolution_of(r)
            if read is None:
                RECORDER.note("resolution `%r` is not a Resolution.X trainsim can read; it uses %s; set it in "
                              "simulation.securities" % (r, resolution))
            else:
                resolution = read
        m = _pick(args, kwargs, 2, "market")
        if kind == "Future":
            known = _FUTURE_MARKETS.get(ticker.upper())
            if known:
                market = known
            elif m is None:
                RECORDER.note("future %s: trainsim does not know its exchange and uses cme; pass Market.X or "
                              "set simulation.securities" % ticker.upper())
        if m is not None:
            if isinstance(m, str):
                market = normalize(m)
            else:
                RECORDER.note("market `%r` is not one trainsim can read; it uses %s" % (m, market))
        ff = _pick(args, kwargs, 3, "fillforward")
        if ff is False:
            RECORDER.note("fill-forward off: trainsim still assumes a bar at every step of the open market "
                          "(missing bars are not modelled)")
        extended = self.universe_settings._extended
        e = _pick(args, kwargs, ext_index, "extendedmarkethours")
        if e is not None:
            if isinstance(e, bool):
                extended = e
            else:
                RECORDER.note("extended market hours from a value trainsim cannot read; set simulation.securities")
        RECORDER.record("security", type=kind, market=market, ticker=ticker.upper(), resolution=resolution,
                        extended=extended)
        return Security(Symbol(ticker, kind, market))

    # add_equity, add_forex, ...: one method each of _SUBSCRIPTIONS, set after the class.

    def add_security(self, security_type, *args, **kwargs):
        if isinstance(security_type, EnumMember) and security_type.enum == "SecurityType":
            method = "add_" + snake(pascal(security_type.key))
            for m in _SUBSCRIPTIONS:
                if normalize(m) == "add" + security_type.key:
                    return self._subscribe(m, args, kwargs)
        RECORDER.note("AddSecurity(%r, ...): a security type trainsim does not read; add it to "
                      "simulation.securities" % (security_type,))
        return Security(Symbol("?"))

    # ---- training
    def train(self, *args, **kwargs):
        args = list(args) + list(kwargs.values())
        if len(args) == 1:
            RECORDER.record("train", date_rule=None, time_rule=None, method=_callback_name(args[0]))
        elif len(args) == 3:
            d, t = args[0], args[1]
            if not isinstance(d, Rendered) or not isinstance(t, Rendered):
                RECORDER.note("Train: its rules are not rules trainsim can read; add the training to simulation.events")
                return NoOp()
            RECORDER.record("train", date_rule=d.text, time_rule=t.text, method=_callback_name(args[2]))
        else:
            raise TypeError("Train takes a method (Train(method)) or a date rule, a time rule and a method; got "
                            "%d arguments" % len(args))
        return NoOp()



def _subscription(name):
    """AddEquity and its kin: each reads its subscription the one way (QCAlgorithm._subscribe)."""
    def add(algorithm, *args, **kwargs):
        return algorithm._subscribe(name, args, kwargs)

    add.__name__, add.__qualname__ = name, "QCAlgorithm." + name
    return add


for _name in _SUBSCRIPTIONS:
    setattr(QCAlgorithm, _name, _subscription(_name))


_PARAMETERS = {}


def set_parameters(params):
    _PARAMETERS.clear()
    _PARAMETERS.update({str(k): str(v) for k, v in params.items()})


# The names `from AlgorithmImports import *` brings in: the stand-ins above,
# the standard modules LEAN's AlgorithmImports re-exports, and no-ops for the rest.
def exported_names():
    names = {
        "QCAlgorithm": QCAlgorithm, "QCAlgorithmFramework": QCAlgorithm, "Resolution": Resolution,
        "DayOfWeek": DayOfWeek, "SecurityType": SecurityType, "BrokerageName": BrokerageName,
        "AccountType": AccountType, "TimeZones": TimeZones, "Market": Market, "Futures": Futures,
        "Symbol": Symbol, "Action": Action, "Func": Func, "DataNormalizationMode": DataNormalizationMode,
        "OrderType": OrderType, "OrderStatus": OrderStatus, "OrderDirection": OrderDirection,
        "MovingAverageType": MovingAverageType, "InsightDirection": InsightDirection,
        "DataMappingMode": DataMappingMode, "OptionRight": OptionRight, "OptionStyle": OptionStyle,
        "LogLevel": LogLevel,
        "datetime": _dt.datetime, "timedelta": _dt.timedelta, "date": _dt.date, "time": _dt.time,
        "TimeSpan": NoOp(), "DateTime": _dt.datetime,
    }
    import math, random, json as _json  # noqa: E401 (re-exported as LEAN's AlgorithmImports does)
    names.update({"math": math, "random": random, "json": _json})
    return names


# LEAN's AlgorithmImports also gives `np` and `pd`; imported only when the
# algorithm uses them (pandas alone takes longer to import than the rest of a run).
LAZY_MODULES = {"np": "numpy", "pd": "pandas"}


def permissive_module(name, names):
    """`QuantConnect.Indicators`, `System.Collections.Generic`: the stand-ins by
    name, any other name a no-op class (so it can be called, indexed or derived from)."""
    import types
    module = types.ModuleType(name)
    module.__path__ = []
    module.__dict__.update(names)

    def missing(attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return NoOpBase

    module.__getattr__ = missing
    return module
