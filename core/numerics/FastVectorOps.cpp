#include "FastVectorOps.hpp"

#include <nvector/nvector_serial.h>

#include <algorithm>
#include <cmath>

namespace cellsim {

namespace {

inline double* data(N_Vector v) { return NV_DATA_S(v); }
inline sunindextype len(N_Vector v) { return NV_LENGTH_S(v); }

void linearSum(realtype a, N_Vector x, realtype b, N_Vector y, N_Vector z) {
  const double *xd = data(x), *yd = data(y);
  double* zd = data(z);
  const sunindextype n = len(x);
  for (sunindextype i = 0; i < n; ++i) zd[i] = a * xd[i] + b * yd[i];
}

void constant(realtype c, N_Vector z) { std::fill(data(z), data(z) + len(z), c); }

void prod(N_Vector x, N_Vector y, N_Vector z) {
  const double *xd = data(x), *yd = data(y);
  double* zd = data(z);
  for (sunindextype i = 0, n = len(x); i < n; ++i) zd[i] = xd[i] * yd[i];
}

void div(N_Vector x, N_Vector y, N_Vector z) {
  const double *xd = data(x), *yd = data(y);
  double* zd = data(z);
  for (sunindextype i = 0, n = len(x); i < n; ++i) zd[i] = xd[i] / yd[i];
}

void scale(realtype c, N_Vector x, N_Vector z) {
  const double* xd = data(x);
  double* zd = data(z);
  for (sunindextype i = 0, n = len(x); i < n; ++i) zd[i] = c * xd[i];
}

void absolute(N_Vector x, N_Vector z) {
  const double* xd = data(x);
  double* zd = data(z);
  for (sunindextype i = 0, n = len(x); i < n; ++i) zd[i] = std::abs(xd[i]);
}

void inv(N_Vector x, N_Vector z) {
  const double* xd = data(x);
  double* zd = data(z);
  for (sunindextype i = 0, n = len(x); i < n; ++i) zd[i] = 1.0 / xd[i];
}

void addConst(N_Vector x, realtype b, N_Vector z) {
  const double* xd = data(x);
  double* zd = data(z);
  for (sunindextype i = 0, n = len(x); i < n; ++i) zd[i] = xd[i] + b;
}

realtype dotProd(N_Vector x, N_Vector y) {
  const double *xd = data(x), *yd = data(y);
  double s = 0;
  for (sunindextype i = 0, n = len(x); i < n; ++i) s += xd[i] * yd[i];
  return s;
}

realtype maxNorm(N_Vector x) {
  const double* xd = data(x);
  double m = 0;
  for (sunindextype i = 0, n = len(x); i < n; ++i) m = std::max(m, std::abs(xd[i]));
  return m;
}

realtype wSqrSumLocal(N_Vector x, N_Vector w) {
  const double *xd = data(x), *wd = data(w);
  double s = 0;
  for (sunindextype i = 0, n = len(x); i < n; ++i) {
    const double p = xd[i] * wd[i];
    s += p * p;
  }
  return s;
}

realtype wSqrSumMaskLocal(N_Vector x, N_Vector w, N_Vector id) {
  const double *xd = data(x), *wd = data(w), *idd = data(id);
  double s = 0;
  for (sunindextype i = 0, n = len(x); i < n; ++i) {
    if (idd[i] > 0.0) {
      const double p = xd[i] * wd[i];
      s += p * p;
    }
  }
  return s;
}

realtype wrmsNorm(N_Vector x, N_Vector w) { return std::sqrt(wSqrSumLocal(x, w) / len(x)); }

realtype wrmsNormMask(N_Vector x, N_Vector w, N_Vector id) { return std::sqrt(wSqrSumMaskLocal(x, w, id) / len(x)); }

realtype minimum(N_Vector x) {
  const double* xd = data(x);
  double m = xd[0];
  for (sunindextype i = 1, n = len(x); i < n; ++i) m = std::min(m, xd[i]);
  return m;
}

int linearCombination(int nvec, realtype* c, N_Vector* X, N_Vector z) {
  const sunindextype n = len(z);
  double* zd = data(z);
  // z may alias X[0] (IDA uses z = X[0] + sum c_i X[i]).
  if (X[0] == z) {
    if (c[0] != 1.0)
      for (sunindextype i = 0; i < n; ++i) zd[i] *= c[0];
  } else {
    const double* x0 = data(X[0]);
    for (sunindextype i = 0; i < n; ++i) zd[i] = c[0] * x0[i];
  }
  for (int k = 1; k < nvec; ++k) {
    const double* xk = data(X[k]);
    const double ck = c[k];
    for (sunindextype i = 0; i < n; ++i) zd[i] += ck * xk[i];
  }
  return 0;
}

int scaleAddMulti(int nvec, realtype* a, N_Vector x, N_Vector* Y, N_Vector* Z) {
  const sunindextype n = len(x);
  const double* xd = data(x);
  for (int k = 0; k < nvec; ++k) {
    const double* yd = data(Y[k]);
    double* zd = data(Z[k]);
    const double ak = a[k];
    for (sunindextype i = 0; i < n; ++i) zd[i] = ak * xd[i] + yd[i];
  }
  return 0;
}

}  // namespace

void installFastVectorOps(N_Vector v) {
  N_Vector_Ops o = v->ops;
  o->nvlinearsum = linearSum;
  o->nvconst = constant;
  o->nvprod = prod;
  o->nvdiv = div;
  o->nvscale = scale;
  o->nvabs = absolute;
  o->nvinv = inv;
  o->nvaddconst = addConst;
  o->nvdotprod = dotProd;
  o->nvmaxnorm = maxNorm;
  o->nvwrmsnorm = wrmsNorm;
  o->nvwrmsnormmask = wrmsNormMask;
  o->nvmin = minimum;
  o->nvwsqrsumlocal = wSqrSumLocal;
  o->nvwsqrsummasklocal = wSqrSumMaskLocal;
  o->nvlinearcombination = linearCombination;
  o->nvscaleaddmulti = scaleAddMulti;
}

}  // namespace cellsim
