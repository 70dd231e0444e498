/* Makes oneMKL's CPU dispatch treat this (AMD, AVX-512) CPU like an Intel one, so that sgemm takes its
 * AVX-512 kernels: libtorch_cpu.so calls mkl_serv_intel_cpu_true through its PLT, so an LD_PRELOADed
 * definition replaces MKL's vendor check. Build: gcc -shared -fPIC -O2 -o libmkl_shim.so mkl_shim.c */
int mkl_serv_intel_cpu_true(void) { return 1; }
