package org.rnnlab.gpu.internal;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;
import org.rnnlab.api.BackendUnavailableException;
import org.rnnlab.api.spi.Availability;

/**
 * The CUDA device rnnlab runs on (device 0), with its primary context and the kernels of {@code rnn_kernels.cu}
 * loaded from the committed PTX. Opened lazily by {@link #probe()} or {@link #get()}: the JCuda native library is
 * loaded there, never in a static initializer, so that a machine without a driver only sees an "unavailable" probe.
 *
 * <p>Every public operation of the GPU cells first calls {@link #makeCurrent()}: the context is bound per thread.
 * All work goes to the context's default stream, so launches run in order and a device-to-host copy waits for them.
 */
public final class CudaDevice {
    /** The committed PTX, on the class path. */
    public static final String PTX_RESOURCE = "/org/rnnlab/gpu/rnn_kernels.ptx";

    private static CudaDevice instance;
    private static String failure;

    private final CUcontext context;
    private final CUmodule module;
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final String description;
    private final int multiprocessors;
    private final long totalBytes;

    private CudaDevice(CUcontext context, CUmodule module, String description, int multiprocessors, long totalBytes) {
        this.context = context;
        this.module = module;
        this.description = description;
        this.multiprocessors = multiprocessors;
        this.totalBytes = totalBytes;
    }

    /** Opens the device once (later calls return the cached outcome) and reports, without throwing, whether it can run. */
    public static synchronized Availability probe() {
        if (instance == null && failure == null) {
            try {
                instance = open();
            } catch (Throwable e) { // native load errors are Errors: report them, never throw from a probe
                failure = reason(e);
            }
        }
        return instance != null ? Availability.available(instance.description) : Availability.unavailable(failure);
    }

    /**
     * The opened device.
     *
     * @throws BackendUnavailableException when {@link #probe()} finds no usable device, with its reason
     */
    public static synchronized CudaDevice get() {
        Availability a = probe();
        if (!a.available()) {
            throw new BackendUnavailableException("the cuda backend cannot run here: " + a.reason()
                    + "; choose another backend (rnnlab.backend=cpu) or run on a machine with an NVIDIA GPU and driver");
        }
        return instance;
    }

    private static CudaDevice open() throws IOException {
        JCudaDriver.setExceptionsEnabled(true); // loads the native library: the first JCuda call
        cuInit(0);
        int[] count = new int[1];
        cuDeviceGetCount(count);
        if (count[0] == 0) {
            throw new IllegalStateException("the NVIDIA driver reports no CUDA device");
        }
        CUdevice device = new CUdevice();
        cuDeviceGet(device, 0);
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, device);
        int[] major = new int[1];
        int[] minor = new int[1];
        cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
        cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
        if (major[0] < 8) {
            throw new IllegalStateException("device 0 has compute capability " + major[0] + "." + minor[0]
                    + "; the committed PTX targets 8.0 and newer (A100, H100, …)");
        }
        int[] sms = new int[1];
        cuDeviceGetAttribute(sms, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device);
        long[] memory = new long[1];
        cuDeviceTotalMem(memory, device);
        int[] driver = new int[1];
        cuDriverGetVersion(driver);
        CUcontext context = new CUcontext();
        cuDevicePrimaryCtxRetain(context, device);
        cuCtxSetCurrent(context);
        CUmodule module = new CUmodule();
        cuModuleLoadData(module, ptx());
        String text = new String(name, StandardCharsets.US_ASCII).trim().replace("\0", "");
        String description = String.format("%s (compute %d.%d, %d SMs, %.0f GiB, driver CUDA %d.%d), %d device%s", text,
                major[0], minor[0], sms[0], memory[0] / (double) (1L << 30), driver[0] / 1000, driver[0] % 1000 / 10,
                count[0], count[0] == 1 ? "" : "s, using device 0");
        return new CudaDevice(context, module, description, sms[0], memory[0]);
    }

    /** The committed PTX as the driver wants it: bytes ending with a NUL. */
    static byte[] ptx() throws IOException {
        try (InputStream in = CudaDevice.class.getResourceAsStream(PTX_RESOURCE)) {
            if (in == null) {
                throw new IOException("PTX resource " + PTX_RESOURCE + " is missing from the cells-gpu jar");
            }
            byte[] text = in.readAllBytes();
            return Arrays.copyOf(text, text.length + 1);
        }
    }

    /** One line: JCuda's load errors carry every attempt's stack trace; keep the line that names the missing file. */
    static String reason(Throwable e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof UnsatisfiedLinkError || e instanceof NoClassDefFoundError) {
            String cause = message.lines().filter(l -> l.contains("cannot open shared object file")).findFirst()
                    .map(l -> l.substring(l.indexOf(": ") + 2)).orElse(message.lines().findFirst().orElse(message));
            return "the JCuda driver library could not load: " + cause.strip()
                    + " (no NVIDIA driver here; the cuda backend needs libcuda.so.1)";
        }
        return e.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse(message);
    }

    /** Device name, compute capability, memory and driver version. */
    public String description() {
        return description;
    }

    /** The device's memory in bytes ({@code cuDeviceTotalMem}). */
    public long totalBytes() {
        return totalBytes;
    }

    /** Streaming multiprocessors: products with fewer tiles than twice this split their K dimension. */
    public int multiprocessors() {
        return multiprocessors;
    }

    /** Binds the context to the calling thread. */
    public void makeCurrent() {
        cuCtxSetCurrent(context);
    }

    /** Waits until every launched kernel and copy has finished. */
    public void synchronize() {
        cuCtxSynchronize();
    }

    /** A kernel of {@code rnn_kernels.cu} by its extern "C" name. */
    synchronized CUfunction function(String name) {
        return functions.computeIfAbsent(name, n -> {
            CUfunction f = new CUfunction();
            cuModuleGetFunction(f, module, n);
            return f;
        });
    }
}
