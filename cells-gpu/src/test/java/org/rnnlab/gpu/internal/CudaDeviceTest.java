package org.rnnlab.gpu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The probe's reason stays one readable line, whatever JCuda's loader throws. */
class CudaDeviceTest {

    @Test
    void aMissingDriverIsReportedByTheFileThatCouldNotOpen() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                + "Operating system name: Linux\n---(start of nested stack traces)---\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver.so: libcuda.so.1: cannot open shared object file: No such file\n"
                + "\tat java.base/java.lang.ClassLoader.loadLibrary(ClassLoader.java:2434)\n");
        String reason = CudaDevice.reason(e);
        assertThat(reason).doesNotContain("\n").contains("libcuda.so.1: cannot open shared object file").contains("no NVIDIA driver");
    }

    @Test
    void otherFailuresKeepTheirTypeAndFirstLine() {
        String reason = CudaDevice.reason(new IllegalStateException("the NVIDIA driver reports no CUDA device\nmore"));
        assertThat(reason).isEqualTo("IllegalStateException: the NVIDIA driver reports no CUDA device");
    }
}
