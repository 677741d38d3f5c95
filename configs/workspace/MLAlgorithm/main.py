# region imports
from AlgorithmImports import *
from sklearn.ensemble import GradientBoostingClassifier
# endregion


class MLAlgorithm(QCAlgorithm):
    """Predicts next-day direction of four ETFs with a gradient-boosted
    classifier, refitted every weekend on a rolling window, and rebalances
    every morning shortly after the open."""

    def initialize(self) -> None:
        self.set_start_date(2024, 1, 1)
        self.set_end_date(2024, 6, 30)
        self.set_cash(100_000)
        self.set_time_zone(TimeZones.NEW_YORK)

        self._lookback = int(self.get_parameter("lookback-days", 252))
        self._model = GradientBoostingClassifier(n_estimators=300, max_depth=3)
        self._features = {}

        # SPY drives the schedule; the others are traded beside it.
        self._spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        for ticker in ["QQQ", "TLT", "GLD"]:
            self.add_equity(ticker, Resolution.MINUTE)

        # Fit once before the first bar, then refit every Sunday morning.
        self.train(self.initial_training)
        self.train(self.date_rules.every(DayOfWeek.SUNDAY),
                   self.time_rules.at(8, 0),
                   self.train_model)

        # Trade ten minutes after the open, once the first bars are in.
        self.schedule.on(self.date_rules.every_day(self._spy),
                         self.time_rules.after_market_open(self._spy, 10),
                         self.rebalance)

    def initial_training(self) -> None:
        self._fit(self._lookback * 4)

    def train_model(self) -> None:
        self._fit(self._lookback)

    def _fit(self, days: int) -> None:
        history = self.history(list(self.securities.keys()), days, Resolution.DAILY)
        if history.empty:
            return
        returns = history["close"].unstack(0).pct_change().dropna()
        features = returns.shift(1).dropna()
        labels = (returns.loc[features.index] > 0).astype(int)
        self._model.fit(features.values, labels[self._spy].values)

    def rebalance(self) -> None:
        if not self._features:
            return
        prediction = self._model.predict([list(self._features.values())])[0]
        self.set_holdings(self._spy, 0.9 if prediction else 0.0)

    def on_data(self, data: Slice) -> None:
        for symbol, bar in data.bars.items():
            self._features[symbol] = bar.close
