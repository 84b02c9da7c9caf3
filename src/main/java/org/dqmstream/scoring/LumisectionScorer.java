package org.dqmstream.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.model.BatchInference;
import org.dqmstream.model.ChannelGroupModel;
import org.dqmstream.model.InputTransform;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.model.ScorePart;

/**
 * Scores lumisections in batches: one network pass per channel group per batch, not per record. The
 * channel groups of a batch are independent: with a single-threaded BLAS (OMP_NUM_THREADS=1, as the
 * monitor runs) they run in parallel on the JVM's common fork-join pool, using every core. A group's batch
 * is not split further: two SGEMMs of 128 rows were measured slower than one of 256.
 */
public final class LumisectionScorer {
    private final ModelBundle bundle;
    private final List<InputTransform> inputs;

    public LumisectionScorer(ModelBundle bundle) {
        this.bundle = bundle;
        this.inputs = bundle.groups().stream().map(m -> InputTransform.of(bundle.layout().group(m.group()))).toList();
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public List<ScoredLumisection> score(List<ValidLumisection> batch) {
        int records = batch.size();
        // Per record, not per group: these walk the record's stream conditions.
        List<Map<String, Float>> luminosityByStream = batch.stream().map(ValidLumisection::luminosityByStream).toList();
        double[] luminosity = batch.stream().mapToDouble(ValidLumisection::luminosity).toArray();
        List<ChannelGroupModel> models = bundle.groups();
        IntStream groups = IntStream.range(0, models.size());
        if (BatchInference.concurrentCallsAllowed()) {
            groups = groups.parallel();
        }
        List<ChannelGroupModel.Reconstruction> reconstructions = groups
                .mapToObj(g -> reconstruct(g, batch, luminosityByStream)).toList();
        boolean hasPeer = models.stream().anyMatch(m -> m.peer() != null);
        List<ScoredLumisection> out = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            @SuppressWarnings("unchecked")
            Map.Entry<String, Double>[] scores = new Map.Entry[models.size()];
            @SuppressWarnings("unchecked")
            Map.Entry<String, Double>[] autoencoder = new Map.Entry[models.size()];
            @SuppressWarnings("unchecked")
            Map.Entry<String, Double>[] peer = new Map.Entry[hasPeer ? models.size() : 0];
            @SuppressWarnings("unchecked")
            Map.Entry<String, float[]>[] coordinates = new Map.Entry[models.size()];
            @SuppressWarnings("unchecked")
            Map.Entry<String, float[]>[] errors = new Map.Entry[models.size()];
            for (int g = 0; g < models.size(); g++) {
                ChannelGroupModel model = models.get(g);
                ChannelGroupModel.Reconstruction r = reconstructions.get(g);
                double a = model.autoencoderScore(r, i, luminosity[i]);
                double p = model.peerScore(r, i, luminosity[i]);
                scores[g] = Map.entry(model.group(), ScorePart.combine(bundle.scoreParts(), a, p));
                autoencoder[g] = Map.entry(model.group(), a);
                if (hasPeer) {
                    peer[g] = Map.entry(model.group(), p);
                }
                coordinates[g] = Map.entry(model.group(), r.coordinates(i, model.directions()));
                errors[g] = Map.entry(model.group(), r.squaredErrors()[i]);
            }
            out.add(new ScoredLumisection(batch.get(i), Map.ofEntries(scores), Map.ofEntries(autoencoder),
                    Map.ofEntries(peer), Map.ofEntries(coordinates), Map.ofEntries(errors), List.of(), Map.of(),
                    Map.of()));
        }
        return out;
    }

    private ChannelGroupModel.Reconstruction reconstruct(int group, List<ValidLumisection> batch,
                                                         List<Map<String, Float>> luminosityByStream) {
        InputTransform transform = inputs.get(group);
        float[] rows = new float[batch.size() * transform.width()];
        for (int i = 0; i < batch.size(); i++) {
            transform.write(batch.get(i).features(), luminosityByStream.get(i), rows, i * transform.width());
        }
        return bundle.groups().get(group).reconstructInPlace(rows, batch.size());
    }
}
