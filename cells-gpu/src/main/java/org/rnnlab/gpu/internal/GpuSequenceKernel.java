package org.rnnlab.gpu.internal;

import static jcuda.driver.JCudaDriver.cuGraphDestroy;
import static jcuda.driver.JCudaDriver.cuGraphExecDestroy;
import static jcuda.driver.JCudaDriver.cuGraphInstantiate;
import static jcuda.driver.JCudaDriver.cuGraphLaunch;
import static jcuda.driver.JCudaDriver.cuStreamBeginCapture;
import static jcuda.driver.JCudaDriver.cuStreamEndCapture;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstreamCaptureMode;
import org.rnnlab.api.BuiltInKind;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.Mask;
import org.rnnlab.api.Parameters;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;

/**
 * A whole-sequence forward and backward of one cell kind on the GPU, float32 (Appleyard et al. 2016, "Optimizing
 * RNNs in cuDNN 5"): the input projection of all steps is one GEMM, {@code XP[T·N, G·H] = X·W_ihᵀ + b_ih}; each step
 * runs one GEMM {@code HP[N, G·H] = h·W_hhᵀ} and one fused gate kernel that adds b_hh; backward runs the gate math back and
 * one GEMM {@code dh += dHP_t·W_hh} per step, then {@code dW_ih = dXPᵀ·X}, {@code dW_hh = dHPᵀ·H_prev},
 * {@code dX = dXP·W_ih} as one GEMM each and the bias gradients as column sums.
 *
 * <p>Every launch goes to one stream, so there is no host round trip per step: the host copies the input, the
 * initial state and the weights in before a pass and the results out after it. A pass is launched as a CUDA graph
 * ({@link LaunchMode#GRAPH}, the default): its ~2–4 launches per step are captured once per workspace (forward per
 * masked/unmasked, backward per truncation window) and replayed with one call, which removes the per-launch host
 * cost that dominates at small batches; {@link LaunchMode#DIRECT} launches every kernel each time. Device buffers live in a
 * {@link Workspace} sized once per (batch, steps) and reused; the weights' device copies are refreshed from the
 * host {@link Parameters} on every forward (they change between optimizer steps) and serve the matching backward.
 *
 * <p>Layouts (row-major, float32): states {@code [(T+1)·N, H]} with block t the state entering step t; XP, dXP,
 * dHP {@code [T·N, G·H]}; the per-kind cache {@code [T·N, cacheWidth]}; the mask {@code [T, N]} as 1 (real) or 0.
 */
public abstract class GpuSequenceKernel implements AutoCloseable {
    protected final CudaDevice device;
    protected final Kernels kernels;
    protected final int inputSize;
    protected final int hidden;
    protected final int gh;
    protected final boolean bias;
    private final int stateCount;
    /** Values per sample and step saved for backward (the kind's cache per unit times H). */
    protected final int cacheWidth;
    private final boolean separateRecurrentGrad;
    private final DeviceArray wih;
    private final DeviceArray whh;
    private final DeviceArray bih;
    private final DeviceArray bhh;
    /** Which parameter tensors, at which versions, wih, whh, bih and bhh hold. */
    private final ResidentCopies weights = new ResidentCopies(4);
    /** Backward graphs kept per workspace (one per truncation window in use); more are dropped and recaptured. */
    private static final int MAX_BACKWARD_GRAPHS = 8;
    protected Workspace ws;
    private LaunchMode launchMode = LaunchMode.GRAPH;

    /** How a pass reaches the device. */
    public enum LaunchMode {
        /** Capture each pass's launches once as a CUDA graph and replay it (the default). */
        GRAPH,
        /** Launch every kernel every time (for comparison and debugging). */
        DIRECT
    }

    /** A kernel for {@code spec}, whose kind's gates, states, cache and recurrent gradient come from its {@link BuiltInKind}. */
    protected GpuSequenceKernel(CudaDevice device, CellSpec spec) {
        BuiltInKind kind = BuiltInKind.of(spec.kind());
        this.device = device;
        this.kernels = new Kernels(device);
        this.inputSize = spec.inputSize();
        this.hidden = spec.hiddenSize();
        this.gh = kind.gates() * spec.hiddenSize();
        this.bias = spec.bias();
        this.stateCount = kind.states();
        this.cacheWidth = kind.cacheWidth(spec.hiddenSize());
        this.separateRecurrentGrad = kind.recurrentGradient() == BuiltInKind.RecurrentGradient.SEPARATE;
        device.makeCurrent();
        this.wih = new DeviceArray((long) gh * inputSize);
        this.whh = new DeviceArray((long) gh * hidden);
        this.bih = new DeviceArray(bias ? gh : 0);
        this.bhh = new DeviceArray(bias ? gh : 0);
    }

    /**
     * Gate math of step t: reads XP block t, HP (without b_hh: the step adds {@link #recurrentBias()}), the states
     * entering t; writes the states after t and the cache.
     */
    protected abstract void forwardStep(Workspace w, int t, CUdeviceptr mask);

    /** b_hh on the device, or the null pointer for a cell without biases. */
    protected final CUdeviceptr recurrentBias() {
        return bias ? bhh.at(0) : Kernels.none();
    }

    /**
     * Gate math back of step t: adds dOut block t to dh, writes dXP block t (and dHP block t when separate) and
     * replaces the state gradients by their elementwise part before step t; the skeleton then adds
     * {@code dHP_t·W_hh} to dh.
     */
    protected abstract void backwardStep(Workspace w, int t, CUdeviceptr mask);

    /** Copies the pass's inputs in, runs {@link #forwardOnDevice} and copies the output and final state out. */
    public final Result forward(Parameters params, Tensor input, State initial, Mask mask) {
        device.makeCurrent();
        int steps = input.dim(0);
        int batch = input.dim(1);
        Workspace w = workspace(batch, steps);
        int nh = batch * hidden;
        w.x.upload(input.readFloats());
        for (int k = 0; k < stateCount; k++) {
            w.states[k].upload(initial.get(k).readFloats(), 0, 0, nh);
        }
        w.masked = mask != null;
        if (mask != null) {
            float[] flags = new float[steps * batch];
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    flags[t * batch + b] = mask.valid(t, b) ? 1f : 0f;
                }
            }
            w.mask.upload(flags);
        }
        uploadWeights(params);
        forwardOnDevice();
        float[] out = w.states[0].download(nh, steps * nh);
        Tensor[] fin = new Tensor[stateCount];
        for (int k = 0; k < stateCount; k++) {
            fin[k] = Tensor.wrap(w.states[k].download((long) steps * nh, nh), batch, hidden);
        }
        return new Result(Tensor.wrap(out, steps, batch, hidden), State.of(fin));
    }

    /**
     * Copies to the device the weights written since their last copy ({@link Tensor#version}): after an optimizer's step
     * all of them, between steps none.
     */
    public final void uploadWeights(Parameters params) {
        upload(0, params.get(0), wih);
        upload(1, params.get(1), whh);
        if (bias) {
            upload(2, params.get(2), bih);
            upload(3, params.get(3), bhh);
        }
    }

    private void upload(int slot, Tensor t, DeviceArray target) {
        if (weights.stale(slot, t)) {
            target.upload(t.readFloats());
            weights.copied(slot, t);
        }
    }

    /** Sets how passes are launched; {@link LaunchMode#GRAPH} by default. */
    public final void launchMode(LaunchMode mode) {
        this.launchMode = mode;
    }

    /** The forward pass on what the workspace holds (input, initial state, mask); asynchronous. */
    public final void forwardOnDevice() {
        Workspace w = ws;
        if (launchMode == LaunchMode.DIRECT) {
            enqueueForward(w);
            return;
        }
        int key = w.masked ? 1 : 0;
        if (w.forwardGraphs[key] == null) {
            w.forwardGraphs[key] = capture(() -> enqueueForward(w));
        }
        cuGraphLaunch(w.forwardGraphs[key], kernels.stream());
    }

    private void enqueueForward(Workspace w) {
        int steps = w.steps;
        int batch = w.batch;
        int rows = steps * batch;
        if (bias) {
            kernels.fillRows(w.xp.at(0), bih.at(0), rows, gh);
        }
        kernels.multNT(rows, gh, inputSize, w.x.at(0), wih.at(0), bias ? 1f : 0f, w.xp.at(0));
        long nh = (long) batch * hidden;
        for (int t = 0; t < steps; t++) {
            kernels.multNT(batch, gh, hidden, w.states[0].at(t * nh), whh.at(0), 0f, w.hp.at(0));
            forwardStep(w, t, maskAt(w, t));
        }
    }

    /** Copies the upstream gradients in, runs {@link #backwardOnDevice} and copies every gradient out. */
    public final Gradients backward(Parameters params, Tensor gradOutput, State gradFinal, int window) {
        device.makeCurrent();
        Workspace w = ws;
        int steps = w.steps;
        int batch = w.batch;
        int nh = batch * hidden;
        w.prepareBackward();
        w.dOut.upload(gradOutput.readFloats());
        for (int k = 0; k < stateCount; k++) {
            w.dState[k].upload(gradFinal.get(k).readFloats(), 0, 0, nh);
        }
        backwardOnDevice(window);
        Map<String, Tensor> grads = new LinkedHashMap<>();
        grads.put(params.layout().get(0).name(), Tensor.wrap(w.gWih.download(0, gh * inputSize), gh, inputSize));
        grads.put(params.layout().get(1).name(), Tensor.wrap(w.gWhh.download(0, gh * hidden), gh, hidden));
        if (bias) {
            grads.put(params.layout().get(2).name(), Tensor.wrap(w.gbih.download(0, gh), gh));
            grads.put(params.layout().get(3).name(), Tensor.wrap(w.gbhh.download(0, gh), gh));
        }
        Tensor gX = Tensor.wrap(w.gX.download(0, steps * batch * inputSize), steps, batch, inputSize);
        Tensor[] gInit = new Tensor[stateCount];
        for (int k = 0; k < stateCount; k++) {
            gInit[k] = Tensor.wrap(window == steps ? w.dState[k].download(0, nh) : new float[nh], batch, hidden);
        }
        return new Gradients(grads, gX, State.of(gInit));
    }

    /**
     * Back-propagation through the last {@code window} steps of the latest forward, on what the workspace holds
     * (dOut, the final-state gradients); asynchronous.
     */
    public final void backwardOnDevice(int window) {
        Workspace w = ws;
        w.prepareBackward();
        if (launchMode == LaunchMode.DIRECT) {
            enqueueBackward(w, window);
            return;
        }
        CUgraphExec graph = w.backwardGraphs.get(window);
        if (graph == null) {
            if (w.backwardGraphs.size() >= MAX_BACKWARD_GRAPHS) {
                w.backwardGraphs.values().forEach(g -> cuGraphExecDestroy(g));
                w.backwardGraphs.clear();
            }
            graph = capture(() -> enqueueBackward(w, window));
            w.backwardGraphs.put(window, graph);
        }
        cuGraphLaunch(graph, kernels.stream());
    }

    /** Captures what {@code body} enqueues on the stream as an instantiated graph. */
    private CUgraphExec capture(Runnable body) {
        CUgraph graph = new CUgraph();
        cuStreamBeginCapture(kernels.stream(), CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_RELAXED);
        try {
            body.run();
        } finally {
            cuStreamEndCapture(kernels.stream(), graph);
        }
        CUgraphExec exec = new CUgraphExec();
        cuGraphInstantiate(exec, graph, 0);
        cuGraphDestroy(graph);
        return exec;
    }

    private void enqueueBackward(Workspace w, int window) {
        int steps = w.steps;
        int batch = w.batch;
        int rows = steps * batch;
        long ngh = (long) batch * gh;
        // Steps outside a truncation window must contribute nothing to the all-steps products.
        kernels.zero(w.dxp);
        if (separateRecurrentGrad) {
            kernels.zero(w.dhp);
        }
        for (int t = steps - 1; t >= steps - window; t--) {
            backwardStep(w, t, maskAt(w, t));
            kernels.multNN(batch, hidden, gh, w.dhp.at(t * ngh), whh.at(0), 1f, w.dState[0].at(0));
        }
        kernels.multTN(gh, inputSize, rows, w.dxp.at(0), w.x.at(0), 0f, w.gWih.at(0));
        // The first T blocks of states[0] are the states entering each step: H_prev [T·N, H] without a copy.
        kernels.multTN(gh, hidden, rows, w.dhp.at(0), w.states[0].at(0), 0f, w.gWhh.at(0));
        if (bias) {
            kernels.columnSums(w.dxp.at(0), rows, gh, w.gbih.at(0));
            kernels.columnSums(w.dhp.at(0), rows, gh, w.gbhh.at(0));
        }
        kernels.multNN(rows, inputSize, gh, w.dxp.at(0), wih.at(0), 0f, w.gX.at(0));
    }

    /** The device this kernel runs on. */
    public final CudaDevice device() {
        return device;
    }

    /**
     * Bytes this kernel holds on the device: the weights and, once a pass ran, its workspace (every buffer of that
     * (batch, steps) shape, the backward half after the first backward). Each allocation is counted at its requested size;
     * the driver rounds allocations up, which {@code CudaMemoryTest} bounds against {@code cuMemGetInfo}.
     */
    public final long deviceBytes() {
        long floats = wih.length() + whh.length() + bih.length() + bhh.length();
        Workspace w = ws;
        if (w != null) {
            floats += w.floats();
        }
        return floats * Sizeof.FLOAT;
    }

    /** Floats of split-K partial products the largest product of a (batch, steps) pass needs. */
    private long partialFloats(int batch, int steps) {
        int rows = steps * batch;
        return Math.max(Math.max(kernels.partialFloatsNT(rows, gh, inputSize), kernels.partialFloatsNT(batch, gh, hidden)),
                Math.max(kernels.partialFloatsNN(batch, hidden, gh), kernels.partialFloatsNN(rows, inputSize, gh)));
    }

    private static CUdeviceptr maskAt(Workspace w, int t) {
        return w.masked ? w.mask.at((long) t * w.batch) : Kernels.none();
    }

    /** The workspace for (batch, steps), reallocated only when the shape changes. */
    private Workspace workspace(int batch, int steps) {
        if (ws == null || ws.batch != batch || ws.steps != steps) {
            if (ws != null) {
                ws.close();
                ws = null;
            }
            ws = new Workspace(batch, steps);
        }
        kernels.usePartials(ws.partials);
        return ws;
    }

    @Override
    public void close() {
        device.makeCurrent();
        if (ws != null) {
            ws.close();
            ws = null;
        }
        kernels.close();
        wih.close();
        whh.close();
        bih.close();
        bhh.close();
    }

    /** Output [T, N, H] and the final state, as host tensors the caller owns. */
    public record Result(Tensor output, State finalState) {
    }

    /** Device buffers of one (batch, steps) shape; the backward half is allocated on the first backward call. */
    final class Workspace implements AutoCloseable {
        final int batch;
        final int steps;
        /** Input [T·N, X]. */
        final DeviceArray x;
        final DeviceArray xp;
        /** states[k]: [(T+1)·N, H], block t = state k entering step t. */
        final DeviceArray[] states;
        final DeviceArray cache;
        /** The recurrent projection of the current step, [N, G·H]. */
        final DeviceArray hp;
        final DeviceArray mask;
        /** Split-K partial products, sized for the largest product of this shape (graphs hold its address). */
        final DeviceArray partials;
        /** Instantiated forward graphs, [0] unmasked and [1] masked; backward graphs by truncation window. */
        final CUgraphExec[] forwardGraphs = new CUgraphExec[2];
        final Map<Integer, CUgraphExec> backwardGraphs = new HashMap<>();
        boolean masked;
        /** ∂L/∂output [T·N, H] (zero at masked steps). */
        DeviceArray dOut;
        DeviceArray dxp;
        DeviceArray dhp;
        /** ∂L/∂state, [N, H] each: the final-state gradients on entry, the initial-state gradients on exit. */
        DeviceArray[] dState;
        DeviceArray gWih;
        DeviceArray gWhh;
        DeviceArray gbih;
        DeviceArray gbhh;
        DeviceArray gX;

        Workspace(int batch, int steps) {
            this.batch = batch;
            this.steps = steps;
            long rows = (long) steps * batch;
            this.x = new DeviceArray(rows * inputSize);
            this.xp = new DeviceArray(rows * gh);
            this.states = new DeviceArray[stateCount];
            for (int k = 0; k < stateCount; k++) {
                states[k] = new DeviceArray((steps + 1L) * batch * hidden);
            }
            this.cache = new DeviceArray(rows * cacheWidth);
            this.hp = new DeviceArray((long) batch * gh);
            this.mask = new DeviceArray(rows);
            this.partials = new DeviceArray(partialFloats(batch, steps));
        }

        void prepareBackward() {
            if (dxp == null) {
                long rows = (long) steps * batch;
                dOut = new DeviceArray(rows * hidden);
                dxp = new DeviceArray(rows * gh);
                dhp = separateRecurrentGrad ? new DeviceArray(rows * gh) : dxp;
                dState = new DeviceArray[stateCount];
                for (int k = 0; k < stateCount; k++) {
                    dState[k] = new DeviceArray((long) batch * hidden);
                }
                gWih = new DeviceArray((long) gh * inputSize);
                gWhh = new DeviceArray((long) gh * hidden);
                gbih = new DeviceArray(gh);
                gbhh = new DeviceArray(gh);
                gX = new DeviceArray(rows * inputSize);
            }
        }

        /** Floats allocated for this shape (dhp counted once where it is dxp). */
        long floats() {
            long sum = x.length() + xp.length() + cache.length() + hp.length() + mask.length() + partials.length();
            for (DeviceArray a : states) {
                sum += a.length();
            }
            if (dxp != null) {
                sum += dOut.length() + dxp.length() + (separateRecurrentGrad ? dhp.length() : 0) + gWih.length() + gWhh.length()
                        + gbih.length() + gbhh.length() + gX.length();
                for (DeviceArray a : dState) {
                    sum += a.length();
                }
            }
            return sum;
        }

        @Override
        public void close() {
            for (CUgraphExec g : forwardGraphs) {
                if (g != null) {
                    cuGraphExecDestroy(g);
                }
            }
            backwardGraphs.values().forEach(g -> cuGraphExecDestroy(g));
            for (DeviceArray a : new DeviceArray[] {x, xp, cache, hp, mask, partials, dOut, dxp, gWih, gWhh, gbih, gbhh, gX}) {
                if (a != null) {
                    a.close();
                }
            }
            if (separateRecurrentGrad && dhp != null) {
                dhp.close();
            }
            for (DeviceArray a : states) {
                a.close();
            }
            if (dState != null) {
                for (DeviceArray a : dState) {
                    a.close();
                }
            }
        }
    }
}
