// OpenBLAS (Debian: libopenblas-serial-dev): CBLAS for dense linear algebra, and
// the LAPACK routines the models use, declared here because Debian ships no lapacke
// with OpenBLAS.
#include <cblas.h>
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
            double *w, double *work, const int *lwork, int *info);
void dgelsd_(const int *m, const int *n, const int *nrhs, double *a, const int *lda, double *b,
             const int *ldb, double *s, const double *rcond, int *rank, double *work,
             const int *lwork, int *iwork, int *info);
