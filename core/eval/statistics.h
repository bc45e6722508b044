// The statistics an evaluation summary reports: Wilson intervals, percentiles and pass^k.
#pragma once

#include <optional>
#include <vector>

namespace ps::eval {

struct Interval
{
    double low = 0.0;
    double high = 1.0;
};

// The two-sided 95% normal quantile the Wilson interval uses.
inline constexpr double wilsonZ95 = 1.959963984540054;

// Wilson score interval for `successes` out of `trials`; unlike p ± z·se it stays inside 0..1
// and is not zero-width at 0/n or n/n. No trials: the whole range [0, 1].
Interval wilsonInterval(int successes, int trials, double z = wilsonZ95);
// The same for a share that may count halves (a tie as half a win, as Chatbot Arena does):
// `successes` may be fractional.
Interval wilsonIntervalOfShare(double successes, int trials, double z = wilsonZ95);

// The p-th percentile (0..100) by linear interpolation between the closest ranks, as numpy's
// default (method='linear'): rank = p/100 × (n − 1). nullopt for an empty list or p outside
// 0..100.
std::optional<double> percentile(std::vector<double> values, double p);

// Cases per column to detect pass rates p1 vs p2 with 80% power at two-sided α = 0.05, by the
// normal approximation for two independent proportions (Fleiss): (z₀.₉₇₅·√(2p̄q̄) +
// z₀.₈·√(p1q1 + p2q2))² / (p1 − p2)², rounded up. Two columns answering the same cases (paired)
// usually need fewer; McNemar's size (run_compare) uses the observed discordance instead.
// nullopt when p1 = p2 or either lies outside 0..1.
std::optional<int> twoProportionCasesNeeded(double p1, double p2);

// One case's repeats: how many ran and how many passed.
struct CaseTrials
{
    int trials = 0;
    int successes = 0;
};

// pass^k as tau-bench defines it: the chance that k repeats drawn from a case's n all pass,
// C(c, k) / C(n, k), averaged over the cases with at least k repeats. nullopt when no case has
// k repeats or k < 1.
std::optional<double> passHatK(const std::vector<CaseTrials> &cases, int k);

} // namespace ps::eval
