# trainsim_lean_values.py — values in trainsim's stand-in of LEAN
# (trainsim_lean.py): names in their spellings, values rendered as the text
# trainsim's rule parser reads, LEAN's enums, time zones, markets and futures
# constants, symbols and securities.

import datetime as _dt
import json

from trainsim_lean_noop import NoOp
from trainsim_lean_record import RECORDER, Unrenderable


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
