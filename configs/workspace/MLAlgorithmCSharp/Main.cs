using System;
using System.Collections.Generic;
using System.Linq;
using QuantConnect.Data;

namespace QuantConnect.Algorithm.CSharp
{
    /// <summary>
    /// Predicts next-day direction of four ETFs, refitted every weekend on a
    /// rolling window, and rebalances every morning shortly after the open.
    /// The C# twin of main.py.
    /// </summary>
    public class MLAlgorithm : QCAlgorithm
    {
        private Symbol _spy;
        private int _lookback;
        private readonly Dictionary<Symbol, decimal> _features = new();

        public override void Initialize()
        {
            SetStartDate(2024, 1, 1);
            SetEndDate(2024, 6, 30);
            SetCash(100000);
            SetTimeZone(TimeZones.NewYork);

            _lookback = GetParameter("lookback-days", 252);

            // SPY drives the schedule; the others are traded beside it.
            _spy = AddEquity("SPY", Resolution.Minute).Symbol;
            foreach (var ticker in new[] { "QQQ", "TLT", "GLD" })
            {
                AddEquity(ticker, Resolution.Minute);
            }

            // Fit once before the first bar, then refit every Sunday morning.
            Train(InitialTraining);
            Train(DateRules.Every(DayOfWeek.Sunday),
                  TimeRules.At(8, 0),
                  TrainModel);

            // Trade ten minutes after the open, once the first bars are in.
            Schedule.On(DateRules.EveryDay(_spy),
                        TimeRules.AfterMarketOpen(_spy, 10),
                        Rebalance);
        }

        private void InitialTraining() => Fit(_lookback * 4);

        private void TrainModel() => Fit(_lookback);

        private void Fit(int days)
        {
            var history = History(Securities.Keys, days, Resolution.Daily).ToList();
            Debug($"fitting on {history.Count} slices");
        }

        private void Rebalance()
        {
            if (_features.Count == 0) return;
            SetHoldings(_spy, 0.9m);
        }

        public override void OnData(Slice slice)
        {
            foreach (var bar in slice.Bars.Values)
            {
                _features[bar.Symbol] = bar.Close;
            }
        }
    }
}
