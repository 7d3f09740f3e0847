"""Time `derive check`: a 200-equation notes file (40 distinct statements, each 5 times),
cold (decided once per run: the in-run cache) and warm (`--cache DIR` from a previous run),
and one chain gradient of depth 500 (the length limit).

Prints figures; asserts nothing. Run from the repository root: python3 bench/bench_check.py
"""

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from derive.check import check_equation, check_text  # noqa: E402
from derive.check.cache import Cache  # noqa: E402

DISTINCT = [
    r"\sigma'(z) = \sigma(z)(1-\sigma(z))", r"\sigma'(z) \le \frac{1}{4}",
    r"\max_z \sigma'(z) = \frac14", r"\tanh'(z) \le 1", r"\sigma'(z) < \frac{1}{4}",
    r"\max_z \sigma'(z) = \frac{1}{3}", r"e^{-1} \approx 0.37", r"\ln 2 \approx 0.70",
    r"\operatorname{softplus}'(z) = \sigma(z)", r"\sigma(-z) = 1 - \sigma(z)",
    r"\sigma(-z) = \sigma(z)", r"(a+b)^2 \ge 4ab", r"(a+b)^2 \ge 5ab",
    r"\frac{d}{dz}\sigma(z) = \sigma(z)(1-\sigma(z))", r"\frac{d}{dz}\ln(1+e^z) = \sigma(z)",
    r"\frac{d}{dz}\left(z\sigma(z)\right) = \sigma(z) + z\sigma'(z)",
    r"\operatorname{ReLU}'(z) \le 1", r"\dot\sigma(z) \le \frac14", r"\sup_z \sigma'(z) = \frac14",
    r"e^{\ln x} = |x|", r"(\sqrt{x})^2 = |x|", r"x > 0 \implies e^{\ln x} = 2x",
    r"\forall x \in [1, 2], x^2 \ge 1", r"x^2 \ge 2 \quad \text{for all } x \ge 1",
    r"|w\sigma'(wa+b)| \ge 1 \implies |w| \ge 4", r"|w\sigma'(wa+b)| \ge 1 \implies |w| \ge 5",
    r"\frac{\partial C}{\partial b_1} = \sigma'(z_1) w_2 \sigma'(z_2) \frac{\partial C}{\partial a_2}",
    r"\frac{\partial C}{\partial b_1} = \sigma'(z_1) \sigma'(z_2) \frac{\partial C}{\partial a_2}",
    r"\frac{\partial C}{\partial w_2} = a_1 \frac{\partial C}{\partial b_2}",
    r"\sigma(z) > 0", r"x^2 + y^2 \ge 2xy", r"\frac{1}{x} > 0", r"\pi \approx 3.14",
    r"\sigma'(0) = 0.25", r"\tanh'(z) < 1", r"\max_z \tanh'(z) = 1",
    r"\frac{\partial}{\partial w}\left(w a + b\right) = a", r"\ln(x^2) = 2\ln x",
    r"\sigma(z) = \frac{1 + \tanh(z/2)}{2}", r"|w| \ge 0",
]


def notes() -> str:
    lines = [f"Statement {i}: ${s}$." for i, s in enumerate(DISTINCT * 5)]
    return "\n\n".join(lines) + "\n"


def main() -> None:
    text = notes()
    n = text.count("$") // 2
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        rs = check_text(text, cache=Cache(tmp))
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        warm_cache = Cache(tmp)
        rs2 = check_text(text, cache=warm_cache)
        warm = time.perf_counter() - t0
    differ = sum(str(a.verdict) != str(b.verdict) for a, b in zip(rs, rs2))
    seconds = sorted(r.seconds for r in rs[:len(DISTINCT)])
    print(f"{'equations':44s} {n:7d}")
    print(f"{'cold run (each distinct statement once)':44s} {cold:7.2f} s  {n / cold:6.1f} eq/s")
    print(f"{'warm run (--cache DIR)':44s} {warm:7.2f} s  {n / warm:6.1f} eq/s"
          f"  ({warm_cache.hits} hits, {differ} verdicts differ)")
    print(f"{'  per distinct statement: median':44s} {seconds[len(seconds) // 2]:7.2f} s")
    print(f"{'  slowest':44s} {seconds[-1]:7.2f} s")
    factors = " ".join(rf"\sigma'(z_{{{k}}}) w_{{{k + 1}}}" for k in range(1, 500))
    src = (rf"\frac{{\partial C}}{{\partial b_1}} = {factors} \sigma'(z_{{500}}) "
           rf"\frac{{\partial C}}{{\partial a_{{500}}}}")
    t0 = time.perf_counter()
    r = check_equation(src, seconds=60)
    print(f"{'chain gradient, depth 500 (' + str(len(src)) + ' chars)':44s} "
          f"{time.perf_counter() - t0:7.2f} s  {r.verdict}")


if __name__ == "__main__":
    main()
