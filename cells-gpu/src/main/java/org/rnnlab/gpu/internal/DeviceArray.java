package org.rnnlab.gpu.internal;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;

/** A float32 array in device memory, {@code length} values; freed by {@link #close()}. */
public final class DeviceArray implements AutoCloseable {
    private final long length;
    private CUdeviceptr pointer;

    /**
     * Allocates {@code length} floats (not zeroed).
     *
     * @throws IllegalStateException when the device is out of memory, saying how much was asked for
     */
    public DeviceArray(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        this.length = length;
        CUdeviceptr p = new CUdeviceptr();
        try {
            cuMemAlloc(p, Math.max(1, length) * Sizeof.FLOAT);
        } catch (CudaException e) {
            throw new IllegalStateException(String.format("cannot allocate %.1f MiB of device memory (%s); use a smaller "
                    + "batch or fewer steps per call (truncated BPTT), or free other cells with close()",
                    length * 4.0 / (1 << 20), e.getMessage()), e);
        }
        this.pointer = p;
    }

    /** Number of floats. */
    public long length() {
        return length;
    }

    /** The device address of element {@code offset}. */
    public CUdeviceptr at(long offset) {
        check(offset, 0);
        return offset == 0 ? pointer : pointer.withByteOffset(offset * Sizeof.FLOAT);
    }

    /** Copies {@code count} floats of {@code src} from {@code srcOffset} to elements {@code offset…}. */
    public void upload(float[] src, int srcOffset, long offset, int count) {
        check(offset, count);
        if (count > 0) {
            Pointer host = srcOffset == 0 ? Pointer.to(src) : Pointer.to(src).withByteOffset((long) srcOffset * Sizeof.FLOAT);
            cuMemcpyHtoD(at(offset), host, (long) count * Sizeof.FLOAT);
        }
    }

    /** Copies all of {@code src} to the start of this array. */
    public void upload(float[] src) {
        upload(src, 0, 0, src.length);
    }

    /** Copies {@code count} floats from element {@code offset} into a new host array (waits for pending work). */
    public float[] download(long offset, int count) {
        check(offset, count);
        float[] out = new float[count];
        if (count > 0) {
            cuMemcpyDtoH(Pointer.to(out), at(offset), (long) count * Sizeof.FLOAT);
        }
        return out;
    }

    private void check(long offset, long count) {
        if (pointer == null) {
            throw new IllegalStateException("device array used after close()");
        }
        if (offset < 0 || count < 0 || offset + count > length) {
            throw new IndexOutOfBoundsException("elements [" + offset + ", " + (offset + count) + ") of a device array of "
                    + length + " (a cells-gpu bug)");
        }
    }

    @Override
    public void close() {
        if (pointer != null) {
            cuMemFree(pointer);
            pointer = null;
        }
    }
}
