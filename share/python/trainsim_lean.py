# trainsim_lean.py — a recording stand-in for the part of LEAN an algorithm's
# Initialize uses. Every call that decides the calendar or the scheduled work
# (dates, zone, subscriptions, benchmark, brokerage, warm-up, Train, Schedule.On)
# is recorded with the file:line of the user's code that made it; everything
# else is a permissive no-op, so Initialize runs through. Nothing here reads
# data, places orders, trains or opens a connection. trainsim (lib/exec) turns
# the recording into the same `simulation` block its static reader produces.
#
# Its parts: trainsim_lean_record.py (the recording), trainsim_lean_noop.py (the
# permissive no-op), trainsim_lean_values.py (names, values as text, enums,
# markets, symbols and securities) and trainsim_lean_rules.py (date and time
# rules, Schedule.On, settings). Here: QCAlgorithm, the algorithm's parameters
# and the names trainsim_exec.py and `from AlgorithmImports import *` use.

import datetime as _dt

# The parts' public names are this module's too (trainsim_exec.py uses
# NoOpModule from here); the ones only re-exported are marked noqa: F401.
from trainsim_lean_noop import NoOp, NoOpBase, NoOpModule  # noqa: F401
from trainsim_lean_record import RECORDER, Recorder, Unrenderable  # noqa: F401
from trainsim_lean_rules import (_callback_name, _resolution_of, _Schedule, _Settings, _UniverseSettings, Action,
                                 date_rules, Func, time_rules)
from trainsim_lean_values import (_FUTURE_MARKETS, AccountType, BrokerageName, DataMappingMode,  # noqa: F401
                                  DataNormalizationMode, DayOfWeek, Enum, EnumMember, Futures, InsightDirection,
                                  LogLevel, Market, MovingAverageType, normalize, OptionRight, OptionStyle,
                                  OrderDirection, OrderStatus, OrderType, pascal, render, render_call, Rendered,
                                  Resolution, Security, SecurityIdentifier, SecurityType, snake, Symbol, TimeZones)


# ---------------------------------------------------------------------------
# QCAlgorithm: the recorded calls in snake_case; PascalCase finds them too;
# anything else is a no-op.

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
