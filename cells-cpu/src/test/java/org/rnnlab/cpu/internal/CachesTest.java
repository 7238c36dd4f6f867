package org.rnnlab.cpu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CachesTest {

    @Test
    void cacheSizesAreReadAsLinuxWritesThem() {
        assertThat(Caches.parseSize("2048K", 7)).isEqualTo(2L << 20);
        assertThat(Caches.parseSize("1M", 7)).isEqualTo(1L << 20);
        assertThat(Caches.parseSize("524288", 7)).isEqualTo(524288);
        assertThat(Caches.parseSize("", 7)).isEqualTo(7);
        assertThat(Caches.parseSize("-1K", 7)).isEqualTo(7);
        assertThat(Caches.parseSize("0K", 7)).isEqualTo(7);
        assertThat(Caches.parseSize("99999999999999K", 7)).isEqualTo(7);
        long l2 = Caches.l2Bytes(-1); // -1 where this machine's Linux (or OS) does not tell
        assertThat(l2 == -1 || l2 >= 64 << 10).as("L2 read as %d bytes", l2).isTrue();
    }
}
