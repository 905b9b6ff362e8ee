#include "models/physics/LimitingCurrent.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/input/PhysicalConstants.hpp"

namespace cellsim {

namespace {

//! Phi(c) = int_0^c D on a uniform grid (trapezoid), and its inverse by interpolation.
struct Potential {
  std::vector<double> c, phi;
  Potential(const std::function<double(double)>& D, double c_top, int n) {
    c.resize(n + 1);
    phi.assign(n + 1, 0.0);
    const double h = c_top / n;
    double d_prev = D(0.0);
    for (int k = 0; k <= n; ++k) c[k] = k * h;
    for (int k = 1; k <= n; ++k) {
      const double d = D(c[k]);
      if (!(d > 0 && std::isfinite(d))) {  // a pole or an unphysical range: stop the table there
        c.resize(k);
        phi.resize(k);
        return;
      }
      phi[k] = phi[k - 1] + 0.5 * h * (d_prev + d);
      d_prev = d;
    }
  }
  double inverse(double p) const {
    if (p >= phi.back()) return c.back();
    const auto it = std::upper_bound(phi.begin(), phi.end(), p);
    const size_t k = static_cast<size_t>(it - phi.begin());
    const double w = (p - phi[k - 1]) / (phi[k] - phi[k - 1]);
    return c[k - 1] + w * (c[k] - c[k - 1]);
  }
};

//! Pore-volume mean of c over the stack when the plating surface sits at c = 0 and the
//! current is i.
double meanConcentration(const Potential& P, double i, const std::vector<TransportLayer>& layers) {
  const int n = 200;  // per layer, Simpson
  double s = 0, salt = 0, pore = 0;
  for (const auto& L : layers) {
    const double ds = (1.0 - L.t_plus) / L.transport;  // d s / d x
    const double h = L.thickness_m / n;
    double sum = 0;
    for (int k = 0; k <= n; ++k) {
      const double w = (k == 0 || k == n) ? 1.0 : (k % 2 ? 4.0 : 2.0);
      sum += w * P.inverse(i * (s + ds * k * h) / constants::F);
    }
    salt += L.porosity * sum * h / 3.0;
    pore += L.porosity * L.thickness_m;
    s += ds * L.thickness_m;
  }
  return salt / pore;
}

}  // namespace

double limitingCurrent(const std::function<double(double)>& D, double c0, const std::vector<TransportLayer>& layers) {
  const Potential P(D, 10.0 * c0, 4000);
  double lo = 0.0, hi = 1.0;
  if (P.c.size() < 2) return std::numeric_limits<double>::quiet_NaN();
  while (meanConcentration(P, hi, layers) < c0 && hi < 1e9) hi *= 2.0;  // the mean grows with i
  if (meanConcentration(P, hi, layers) < c0) return std::numeric_limits<double>::quiet_NaN();
  for (int it = 0; it < 60; ++it) {
    const double mid = 0.5 * (lo + hi);
    (meanConcentration(P, mid, layers) < c0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace cellsim
