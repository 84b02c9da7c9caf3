package org.dqmstream.certification;

import java.util.NavigableMap;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.avro.message.MessageDecoder;
import org.dqmstream.broker.TopicReader;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.records.RunCertification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The run certification topic as it stands: each run's latest certification. */
public final class CertificationTopic {
    private static final MessageDecoder<RunCertification> DECODER =
            AvroRecords.decoder(RunCertification.getClassSchema());

    private static final Logger log = LoggerFactory.getLogger(CertificationTopic.class);

    private CertificationTopic() {
    }

    /**
     * Every run's latest record, by run; records that do not decode (never written by a monitor) are skipped
     * with a warning.
     */
    public static NavigableMap<Integer, RunCertification> latest(Properties client, String topic) {
        NavigableMap<Integer, RunCertification> runs = new TreeMap<>();
        TopicReader.read(client, topic, true, false, record -> {
            if (record.value() != null) {
                try {
                    RunCertification run = AvroRecords.decode(DECODER, record.value(), Integer.MAX_VALUE);
                    runs.put(run.getRun(), run);
                } catch (RecordRejectedException e) {
                    log.warn("Skipped {}-{}@{}: not a run certification ({})", topic, record.partition(),
                            record.offset(), e.getMessage());
                }
            }
            return true;
        });
        return runs;
    }
}
