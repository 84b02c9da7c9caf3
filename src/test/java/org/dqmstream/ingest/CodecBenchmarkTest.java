package org.dqmstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The codec benchmark measures real round trips; its speed is measured by bin/jmh, never here. */
class CodecBenchmarkTest {
    @Test
    void eachBenchmarkMethodEncodesOrDecodesTheRealRecord() throws Exception {
        CodecBenchmark b = new CodecBenchmark();
        b.setUp();
        assertThat(b.encodeLumisection()).isEqualTo(b.lumisectionBytes);
        assertThat(b.decodeLumisection().record().getRun()).isEqualTo(b.lumisection.getRun());
        assertThat(b.encodeImage()).isEqualTo(b.imageBytes);
        assertThat(b.decodeImage().pixels()).hasSize(2 * 100 * 80);
    }
}
