"""Distribution helpers shared by the peers, in the scenario format's parameterisations."""
import numpy as np
from scipy import stats

Z95 = stats.norm.ppf(0.95)


def beta_from_mean_sd(mean, sd):
    nu = mean * (1 - mean) / sd**2 - 1
    return stats.beta(mean * nu, (1 - mean) * nu)


def pert(rng, low, mode, high, size):
    a = 1 + 4 * (mode - low) / (high - low)
    b = 1 + 4 * (high - mode) / (high - low)
    return low + (high - low) * rng.beta(a, b, size)


def interval(rng, low, high, size):
    """`low to high`: lognormal with those 5th and 95th percentiles when 0 < low, else normal."""
    if low > 0:
        return np.exp(rng.normal((np.log(low) + np.log(high)) / 2, (np.log(high) - np.log(low)) / (2 * Z95), size))
    return rng.normal((low + high) / 2, (high - low) / (2 * Z95), size)


def interval_at_scores(low, high, scores):
    """`low to high` at given standard normal scores (a copula column), for 0 < low."""
    return np.exp((np.log(low) + np.log(high)) / 2 + (np.log(high) - np.log(low)) / (2 * Z95) * scores)
