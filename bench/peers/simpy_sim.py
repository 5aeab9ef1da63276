#!/usr/bin/python3
"""The SimPy peer of `nudge simulate` (bench/simulate.sh): the same employer model (the values
of policies/models/employer.toml, copied below) and the seed-default strategy, written as
SimPy processes.

What it shares with nudge: the employer model (decision lognormal by culture and industry,
further rounds, silence, thank-you effect and its 48 weekday-hour lateness, inquiry answers,
etiquette violations, offer rate, horizon), the population (shipped population.toml: US,
the industry mix, panel sizes, interview days and hours, stated decision dates) and the
default policy's timing for those applications: R1 thank-you per interviewer 3 h after each
round, aligned to 09:00-17:00 Mon-Fri; R11 connection 24 h after the thank-you; R4 inquiry 7 d
after the thank-you or the stated decision date (00:00 local) + 7 d; R5 a second inquiry 14 d
after the first; stop 14 d after the last inquiry (no_response).
What it leaves out (so it does less work than nudge): time zones with DST (a fixed UTC-5
offset), public holidays, the industry layers' re-timings, the guard checks, templates.
Random numbers come from Python's random.Random per application, so its sample differs from
nudge's; offer rates agree within sampling error.

Usage: /usr/bin/python3 bench/peers/simpy_sim.py N [SEED]
Prints: applications, seconds, applications/s, offer rate.
"""
import math
import random
import sys
import time

import simpy

DAY = 86400.0
HOUR = 3600.0
OFFSET = -5 * HOUR  # America/New_York standard time, fixed

# The employer model: policies/models/employer.toml (the values nudge reads from it).
SIGMA = 0.7
US_MEDIAN = 23.8
INDUSTRIES = [  # (model median days, weight): policies/models/population.toml
    (24.4, 4), (28.1, 1), (25.2, 1), (28.8, 1), (10.2, 1), (12.3, 1), (53.8, 1)]
PANELS = [(1, 5), (2, 3), (3, 2)]
SILENCE = 0.40
FEEDBACK_NEVER = 0.71
LESS_LIKELY, DISMISS, LESS_FACTOR, LATE_HOURS = 0.22, 0.16, 0.5, 48.0
REPLY, SOONER, REPLY_DAYS, SILENT_ANSWER = 0.5, 0.25, 2.0, 0.115
FIRST_WAIT, AFTER_DATE, MAX_INQ, MIN_SPACING, PENALTY, DNC = 7.0, 1.0, 2, 7.0, 0.10, 0.05
ASSESS, MAX_ROUNDS, ASSESS_MEDIAN = 0.55, 2, 5.0
OFFER = 0.28
HORIZON = 180.0
STATED = 0.26
FIRST_DAY = 20458  # 2026-01-05, days since 1970-01-01
LAST_DAY = 20798   # 2026-12-11


def pick(rng, items):
    total = sum(w for _, w in items)
    u = rng.random() * total
    for value, w in items:
        if u < w:
            return value
        u -= w
    return items[-1][0]


def lognormal(rng, median, sigma):
    u1 = 1.0 - rng.random()
    u2 = rng.random()
    return median * math.exp(sigma * math.sqrt(-2.0 * math.log(u1)) * math.cos(2 * math.pi * u2))


def align(t):
    """Next moment inside 09:00-17:00 Mon-Fri local (fixed offset)."""
    local = t + OFFSET
    day = math.floor(local / DAY)
    sec = local - day * DAY
    while True:
        weekday = (day + 4) % 7  # 0 = Sunday
        if weekday not in (0, 6):
            if sec < 9 * HOUR:
                return day * DAY + 9 * HOUR - OFFSET
            if sec <= 17 * HOUR:
                return day * DAY + sec - OFFSET
        day += 1
        sec = 0.0


def weekday_hours(a, b):
    da = math.floor((a + OFFSET) / DAY)
    db = math.floor((b + OFFSET) / DAY)
    weekend = sum(1 for d in range(da + 1, db + 1) if (d + 4) % 7 in (0, 6))
    return (b - a) / HOUR - 24.0 * weekend


class App:
    def __init__(self, env, index, seed, results):
        self.env = env
        self.rng = random.Random(seed * 1000003 + index)
        rng = self.rng
        self.median = pick(rng, INDUSTRIES)
        self.panel = pick(rng, PANELS)
        day = FIRST_DAY + int(rng.random() * (LAST_DAY - FIRST_DAY + 1))
        wd = (day + 4) % 7
        day += -1 if wd == 6 else (1 if wd == 0 else 0)
        slot = int(rng.random() * 13)
        self.start = day * DAY + 10 * HOUR + slot * 1800 - OFFSET
        self.decision_date = None
        if rng.random() < STATED:
            local = self.start + OFFSET + self.median * DAY
            self.decision_date = math.floor(local / DAY) * DAY - OFFSET
        self.decision_days = lognormal(rng, self.median, SIGMA)
        self.rounds = 0
        self.round_days = []
        for k in range(MAX_ROUNDS):
            if rng.random() < ASSESS:
                self.rounds += 1
                self.round_days.append(lognormal(rng, ASSESS_MEDIAN, SIGMA))
            else:
                break
        self.silent = rng.random() < SILENCE
        self.ty_u, self.offer_u, self.feedback_u = rng.random(), rng.random(), rng.random()
        self.results = results
        self.done = False
        self.round = 0
        self.round_end = self.start
        self.thanked = 0
        self.all_thanked = True
        self.inquiries = 0
        self.last_inquiry = None
        self.violations = 0
        self.no_contact = False
        self.decided_silently = False
        self.touches = 0
        self.news = env.event()        # the employer did something the candidate reacts to
        self.hurry = env.event()       # an inquiry brought the decision forward
        env.process(self.run())

    def poke(self):
        old, self.news = self.news, self.env.event()
        old.succeed()

    def run(self):
        env = self.env
        yield env.timeout(self.start - env.now)
        env.process(self.employer())
        env.process(self.horizon())
        while not self.done:
            yield from self.candidate_round()

    def horizon(self):
        yield self.env.timeout(HORIZON * DAY)
        if not self.done:
            self.finish(None)

    def finish(self, kind):
        if self.done:
            return
        self.done = True
        self.results.append((kind, (self.env.now - self.start) / DAY, self.touches, self.violations))
        self.poke()

    def wait_until(self, t):
        """Waits until t or news; True when t was reached."""
        if t <= self.env.now:
            return True
        timer = self.env.timeout(t - self.env.now)
        yield timer | self.news
        return timer.processed

    def contact(self, inquiry):
        self.touches += 1
        violation = self.no_contact
        t = self.env.now
        if inquiry:
            if t - self.round_end < FIRST_WAIT * min(1.0, self.median / US_MEDIAN) * DAY:
                violation = True
            if self.decision_date is not None and t < self.decision_date + AFTER_DATE * DAY:
                violation = True
            self.inquiries += 1
            if self.inquiries > MAX_INQ or (self.last_inquiry is not None and
                                            t - self.last_inquiry < MIN_SPACING * DAY):
                violation = True
            self.last_inquiry = t
            reply = self.rng.random() < REPLY
            sooner = self.rng.random() < SOONER
            silent_answer = self.rng.random() < SILENT_ANSWER
            if self.silent:
                if self.decided_silently and silent_answer:
                    self.env.process(self.later(REPLY_DAYS * DAY, "reject"))
            elif sooner and not self.hurry.triggered:
                self.hurry.succeed(t + REPLY_DAYS * DAY)
            elif reply:
                pass  # "no news yet": nothing changes for the candidate
        if violation:
            self.violations += 1
            if not self.no_contact and self.rng.random() < DNC:
                self.env.process(self.later(REPLY_DAYS * DAY, "dnc"))

    def later(self, delay, what):
        yield self.env.timeout(delay)
        if self.done:
            return
        if what == "reject":
            self.finish("rejection")
        else:
            self.no_contact = True

    def candidate_round(self):
        """One interview round under the default policy (R1, R11, R4, R5, no_response)."""
        my_round = self.round
        thank_at = align(self.round_end + 3 * HOUR)
        reached = yield from self.wait_until(thank_at)
        if not reached:
            return
        for k in range(self.panel):
            self.contact(False)
            if weekday_hours(self.round_end, self.env.now) <= LATE_HOURS:
                self.thanked |= 1 << k
        thanked_at = self.env.now
        reached = yield from self.wait_until(align(thanked_at + DAY))
        if not reached:
            return
        for _ in range(self.panel):
            self.contact(False)
        first = thanked_at + 7 * DAY
        if self.decision_date is not None:
            first = self.decision_date + 7 * DAY
        for at in (first, None):
            if self.inquiries >= MAX_INQ:
                break
            target = align(at if at is not None else self.last_inquiry + 14 * DAY)
            reached = yield from self.wait_until(target)
            if not reached or self.round != my_round:
                return
            self.contact(True)
        reached = yield from self.wait_until(self.last_inquiry + 14 * DAY if self.last_inquiry
                                             else self.env.now + HORIZON * DAY)
        if reached and self.round == my_round:
            # no_response: the candidate stops following up; only the employer can still act.
            while not self.done:
                yield self.news

    def employer(self):
        env = self.env
        decision_at = self.start + self.decision_days * DAY
        for k in range(self.rounds):
            invite = self.start + self.decision_days * DAY * (k + 1) / (self.rounds + 1)
            if k > 0:
                invite = max(invite, env.now + DAY)
            yield from self.employer_wait(invite)
            if self.done:
                return
            yield env.timeout(self.round_days[k] * DAY)
            if self.done:
                return
            self.close_round()
            self.round += 1
            self.round_end = env.now
            self.poke()
        decision_at = max(decision_at, env.now + DAY) if self.rounds else decision_at
        yield from self.employer_wait(decision_at)
        if self.done:
            return
        self.close_round()
        p = OFFER
        if not self.all_thanked:
            if self.ty_u < DISMISS:
                p = 0.0
            elif self.ty_u < LESS_LIKELY:
                p *= LESS_FACTOR
        p *= (1 - PENALTY) ** self.violations
        if self.offer_u < p:
            self.finish("offer")
        elif self.silent:
            self.decided_silently = True
        else:
            self.finish("rejection")

    def employer_wait(self, t):
        while not self.done and self.env.now < t:
            timer = self.env.timeout(t - self.env.now)
            result = yield timer | self.hurry
            if self.hurry in result:
                t = min(t, self.hurry.value)
                self.hurry = self.env.event()

    def close_round(self):
        full = (1 << self.panel) - 1
        self.all_thanked = self.all_thanked and (self.thanked & full) == full
        self.thanked = 0


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    t0 = time.perf_counter()
    results = []
    # Batches of 1024 applications per environment, as nudge runs one engine per batch: a
    # single environment holding every application slows down as its event heap grows.
    for begin in range(0, n, 1024):
        env = simpy.Environment()
        for i in range(begin, min(n, begin + 1024)):
            App(env, i, seed, results)
        env.run()
    elapsed = time.perf_counter() - t0
    offers = sum(1 for r in results if r[0] == "offer")
    never = sum(1 for r in results if r[0] is None)
    print(f"applications {len(results)} seconds {elapsed:.3f} apps_per_s {len(results) / elapsed:.1f} "
          f"offer_rate {offers / max(len(results), 1):.4f} never_answered {never / max(len(results), 1):.4f}")


if __name__ == "__main__":
    main()
