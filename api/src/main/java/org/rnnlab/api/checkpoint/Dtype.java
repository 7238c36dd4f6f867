package org.rnnlab.api.checkpoint;

import java.nio.ByteBuffer;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;

/** The safetensors element types rnnlab reads; it writes F32 and F64. */
enum Dtype {
    F64(8, Precision.FLOAT64),
    F32(4, Precision.FLOAT32),
    F16(2, Precision.FLOAT32),
    BF16(2, Precision.FLOAT32);

    final int bytes;
    final Precision precision;

    Dtype(int bytes, Precision precision) {
        this.bytes = bytes;
        this.precision = precision;
    }

    static Dtype of(Precision p) {
        return p == Precision.FLOAT64 ? F64 : F32;
    }

    /** Decodes {@code count} little-endian elements from {@code buf} into {@code t} from element {@code first} on. */
    void decode(ByteBuffer buf, Tensor t, int first, int count) {
        switch (this) {
            case F64 -> buf.asDoubleBuffer().get(t.doubleData(), first, count);
            case F32 -> buf.asFloatBuffer().get(t.floatData(), first, count);
            case F16 -> {
                float[] out = t.floatData();
                for (int i = 0; i < count; i++) {
                    out[first + i] = halfToFloat(buf.getShort(2 * i));
                }
            }
            case BF16 -> {
                float[] out = t.floatData();
                for (int i = 0; i < count; i++) {
                    out[first + i] = Float.intBitsToFloat((buf.getShort(2 * i) & 0xffff) << 16);
                }
            }
        }
    }

    /** IEEE 754 binary16 to float, exactly (every half is a float). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal (or zero)
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }
}
