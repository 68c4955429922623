"""The anchor run for bench/fit.ts: BG/NBD and Gamma-Gamma fitted with scipy's L-BFGS-B and a
numeric (2-point) gradient, the way a Python analyst would, on the same summary CSV.

Usage: python3 bench/fit_scipy.py SUMMARY.csv [REPEATS]
Prints one JSON object: median seconds over REPEATS, ungrouped and grouped by identical rows, and
the fitted parameters.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, gammaln


def bgnbd_nll(log_params, x, tx, T, w, n):
    r, alpha, a, b = np.exp(log_params)
    # Fader, Hardie & Lee (2005), eq. 6, as ln L = A1 + ln(1 + [x > 0] e^D).
    a1 = (gammaln(r + x) - gammaln(r) + r * np.log(alpha) - (r + x) * np.log(alpha + T)
          + betaln(a, b + x) - betaln(a, b))
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.log(a / np.maximum(b + x - 1, 1e-300)) + (r + x) * np.log((alpha + T) / (alpha + tx))
    ll = a1 + np.where(x > 0, np.logaddexp(0, d), 0)
    return -np.sum(w * ll) / n


def gamma_gamma_nll(log_params, x, m, w, n):
    p, q, g = np.exp(log_params)
    # Fader & Hardie (2013): density of the mean spend of x transactions.
    ll = (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(g) + p * x * np.log(x)
          + (p * x - 1) * np.log(m) - (p * x + q) * np.log(g + x * m))
    return -np.sum(w * ll) / n


def fit_both(x, tx, T, m, w):
    n = w.sum()
    start = np.log([1.0, np.sum(w * T) / np.sum(w * x), 1.0, 1.0])
    bg = minimize(bgnbd_nll, start, args=(x, tx, T, w, n), method="L-BFGS-B")
    keep = (x > 0) & (m > 0)
    xs, ms, ws = x[keep], m[keep], w[keep]
    ng = ws.sum()
    gg_start = np.log([1.0, 2.0, np.sum(ws * ms) / ng])
    gg = minimize(gamma_gamma_nll, gg_start, args=(xs, ms, ws, ng), method="L-BFGS-B")
    return bg, gg


def grouped(x, tx, T, m):
    rows, counts = np.unique(np.stack([x, tx, T, m]), axis=1, return_counts=True)
    return rows[0], rows[1], rows[2], rows[3], counts.astype(float)


def median_time(run, repeats):
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = run()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), out


def main():
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    data = np.genfromtxt(path, delimiter=",", names=True)
    x, tx, T, m = (np.ascontiguousarray(data[c], dtype=float)
                   for c in ("frequency", "recency", "T", "monetary_value"))
    w = np.ones_like(x)
    seconds, (bg, gg) = median_time(lambda: fit_both(x, tx, T, m, w), repeats)
    seconds_grouped, _ = median_time(lambda: fit_both(*grouped(x, tx, T, m)), repeats)
    print(json.dumps({
        "seconds": seconds,
        "secondsGrouped": seconds_grouped,
        "bgnbd": dict(zip(["r", "alpha", "a", "b"], np.exp(bg.x).tolist()), success=bool(bg.success), nit=int(bg.nit)),
        "gammaGamma": dict(zip(["p", "q", "gamma"], np.exp(gg.x).tolist()), success=bool(gg.success), nit=int(gg.nit)),
    }))


if __name__ == "__main__":
    main()
