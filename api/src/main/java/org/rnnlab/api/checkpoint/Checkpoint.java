package org.rnnlab.api.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnlab.api.Tensor;

/**
 * The contents of a safetensors file: tensors by name (in file order) and the free-form string metadata.
 *
 * @param tensors  name → tensor (F64 as float64; F32, F16 and BF16 as float32)
 * @param metadata the {@code __metadata__} map (empty when absent)
 */
public record Checkpoint(Map<String, Tensor> tensors, Map<String, String> metadata) {
    /** Makes both maps unmodifiable. */
    public Checkpoint {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
