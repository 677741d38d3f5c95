// TrainsimProbe.cs: the trainsim probe, v1 (C#). Times each training method and
// OnData inside a LEAN algorithm and logs the times through Log, one line per
// training and one line per day for OnData, in the format trainsim calibrate
// reads (trainsim's docs/probe-format.md):
//   trainsim-probe v1 method=Fit seconds=612.431 at=2024-03-03T08:00:00
//   trainsim-probe v1 on-data seconds=1.873214 slices=391 date=2024-03-04
//
// Use (add this file to the project):
//   private TrainsimProbe _probe;
//   public override void Initialize() {
//       _probe = new TrainsimProbe(this);
//       Train(_probe.Method(Fit));                                     // Train(method)
//       Train(DateRules.Every(DayOfWeek.Sunday), TimeRules.At(8, 0), _probe.Method(Fit));
//   }
//   public override void OnData(Slice data) {
//       _probe.BeginOnData();
//       ...                                                            // the body as before
//       _probe.EndOnData();
//   }
//   public override void OnEndOfAlgorithm() => _probe.Flush();        // the last day's OnData line
//
// OnData costs two clock reads and an addition per timeslice; it logs once a day.
using System;
using System.Diagnostics;

namespace QuantConnect.Algorithm.CSharp
{
    public class TrainsimProbe
    {
        public const int Version = 1;
        private readonly QCAlgorithm _algorithm;
        private readonly Stopwatch _onData = new Stopwatch();
        private DateTime _day;
        private double _seconds;
        private long _slices;

        public TrainsimProbe(QCAlgorithm algorithm)
        {
            _algorithm = algorithm;
        }

        // The method, timed: each call logs one "method=" line (named after it unless name is given).
        public Action Method(Action method, string name = null)
        {
            name ??= method.Method.Name;
            return () =>
            {
                var at = _algorithm.Time;
                var watch = Stopwatch.StartNew();
                try
                {
                    method();
                }
                finally
                {
                    watch.Stop();
                    _algorithm.Log(FormattableString.Invariant(
                        $"trainsim-probe v1 method={name} seconds={watch.Elapsed.TotalSeconds:F3} at={at:yyyy-MM-ddTHH:mm:ss}"));
                }
            };
        }

        public void BeginOnData() => _onData.Restart();

        public void EndOnData()
        {
            _onData.Stop();
            var day = _algorithm.Time.Date;
            if (day != _day)
            {
                Flush();
                _day = day;
            }
            _seconds += _onData.Elapsed.TotalSeconds;
            _slices++;
        }

        // Logs the OnData time of the day so far (called by itself when the day changes).
        public void Flush()
        {
            if (_slices > 0)
            {
                _algorithm.Log(FormattableString.Invariant(
                    $"trainsim-probe v1 on-data seconds={_seconds:F6} slices={_slices} date={_day:yyyy-MM-dd}"));
            }
            _seconds = 0;
            _slices = 0;
        }
    }
}
