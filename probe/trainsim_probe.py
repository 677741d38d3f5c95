# trainsim_probe.py: the trainsim probe, v1 (Python). Times each training method
# and OnData inside a LEAN algorithm and logs the times through self.log, one line
# per training and one line per day for OnData, in the format trainsim calibrate
# reads (trainsim's docs/probe-format.md):
#   trainsim-probe v1 method=fit seconds=612.431 at=2024-03-03T08:00:00
#   trainsim-probe v1 on-data seconds=1.873214 slices=391 date=2024-03-04
#
# Use (save this file beside main.py):
#   from trainsim_probe import TrainsimProbe
#   def initialize(self):
#       self.probe = TrainsimProbe(self)
#       self.train(self.probe.method(self.fit))                  # Train(method)
#       self.train(self.date_rules.every(DayOfWeek.SUNDAY), self.time_rules.at(8, 0),
#                  self.probe.method(self.fit))
#   def on_data(self, data):
#       with self.probe.on_data():
#           ...                                                   # the body as before
#   def on_end_of_algorithm(self):
#       self.probe.flush()                                        # the last day's OnData line
#
# OnData costs two clock reads and an addition per timeslice; it logs once a day.
import time


class TrainsimProbe:
    VERSION = 1

    def __init__(self, algorithm):
        self._algorithm = algorithm
        self._day = None
        self._seconds = 0.0
        self._slices = 0

    def method(self, func, name=None):
        """func, timed: each call logs one 'method=' line (named after func unless name is given)."""
        name = name or func.__name__
        algorithm = self._algorithm

        def timed(*args, **kwargs):
            at = algorithm.time
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                seconds = time.perf_counter() - start
                algorithm.log(f"trainsim-probe v1 method={name} seconds={seconds:.3f} at={at:%Y-%m-%dT%H:%M:%S}")

        timed.__name__ = name
        return timed

    def on_data(self):
        """A context manager timing one OnData call."""
        return _OnDataTimer(self)

    def flush(self):
        """Logs the OnData time of the day so far (called by itself when the day changes)."""
        if self._slices:
            self._algorithm.log(
                f"trainsim-probe v1 on-data seconds={self._seconds:.6f} slices={self._slices} date={self._day:%Y-%m-%d}")
        self._seconds = 0.0
        self._slices = 0

    def _add(self, seconds):
        day = self._algorithm.time.date()
        if day != self._day:
            self.flush()
            self._day = day
        self._seconds += seconds
        self._slices += 1


class _OnDataTimer:
    __slots__ = ("_probe", "_start")

    def __init__(self, probe):
        self._probe = probe
        self._start = 0.0

    def __enter__(self):
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self._probe._add(time.perf_counter() - self._start)
        return False
