#include <cblas.h>

/* LAPACK's Fortran entry points, exported by libopenblas.so (Debian ships no lapacke.h). */
void dpotrf_(const char *uplo, const blasint *n, double *a, const blasint *lda, blasint *info);
void dpotrs_(const char *uplo, const blasint *n, const blasint *nrhs, const double *a,
             const blasint *lda, double *b, const blasint *ldb, blasint *info);
void dgels_(const char *trans, const blasint *m, const blasint *n, const blasint *nrhs,
            double *a, const blasint *lda, double *b, const blasint *ldb,
            double *work, const blasint *lwork, blasint *info);
