package org.dqmstream.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.dqmstream.certification.LabelledLumisections;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.evaluation.EvaluationReport;
import org.dqmstream.evaluation.FaultZooEvaluation;
import org.dqmstream.evaluation.LumisectionEvaluation;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.runs.RunContext;
import org.dqmstream.scoring.LumisectionScorer;
import org.dqmstream.scoring.ScoredLumisection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score labelled lumisections, generated (runs the model never saw) or from a feature table "
                + "with its certification (--data), and report ROC "
                + "AUC per channel group and subsystem, efficiency and false-alarm rate of the flags, and the "
                + "share of lumisections that can be auto-certified; writes CSV, PNG plots and the labels used. "
                + "The subcommands evaluate image bundles.",
        subcommands = {EvaluateImageCommands.Particles.class, EvaluateImageCommands.Nova.class,
                EvaluateImageCommands.Objects.class})
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--model", paramLabel = "DIR", description = "Model bundle (default: model.dir).")
    Path model;

    @Mixin
    FeatureTableOptions table;

    @Option(names = "--lumisections", paramLabel = "N", defaultValue = "5000",
            description = "Labelled lumisections to generate without --data (default: ${DEFAULT-VALUE}).")
    int lumisections;

    @Option(names = "--seed", defaultValue = "1001",
            description = "Seed of the evaluation data; keep it apart from the training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--fault-fraction", defaultValue = "0.15",
            description = "Share of lumisections inside a fault episode (default: ${DEFAULT-VALUE}).")
    double faultFraction;

    @Option(names = "--faults", description = "Judge on the fault zoo instead: generic faults (shift, scale, width, "
            + "dead, spike, frozen, step, ramp) on 5-40 features of one channel group, spoiling the lumisections that "
            + "are good for every subsystem (generated with no faults without --data); prints, per family and "
            + "intensity bin, AUC, BAD efficiency and detection delay, and writes faults.csv.")
    boolean faults;

    @Option(names = "--max-pollution", defaultValue = "0.01",
            description = "Largest share of bad lumisections tolerated among auto-certified ones (default: ${DEFAULT-VALUE}).")
    double maxPollution;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/evaluation",
            description = "Where CSV files, plots and certification files go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write one self-contained HTML page with all the plots (ROC curves, AUC heat map, "
                    + "efficiency versus rejection, score distributions with thresholds) and tables to DIR.")
    Path report;

    @Override
    public Integer call() throws Exception {
        MonitorConfig cfg = config.load(Map.of());
        ModelBundle bundle = ModelBundle.load(model != null ? model : cfg.modelDir());
        LabelledLumisections data = table.read(bundle.subsystems().subsystems()).orElseGet(() ->
                new LumisectionGenerator(bundle.layout(), GeneratorSettings.defaults(seed)
                        .withFaultFraction(faults ? 0 : faultFraction))
                        .takeLabelled(lumisections, bundle.subsystems().subsystems()));
        if (!data.layout().id().equals(bundle.layout().id())) {
            throw new IllegalArgumentException(table.table + " has feature layout " + data.layout().id()
                    + " (" + data.layout().size() + " features); the model " + bundle.version() + " was trained on "
                    + bundle.layout().id() + " (" + bundle.layout().size() + ")");
        }
        if (faults) {
            FaultZooEvaluation.Result zoo = FaultZooEvaluation.evaluate(bundle, cfg.runs().stale(), data.goodForAll(),
                    seed, cfg.batch().maxRecords());
            System.out.print(FaultZooEvaluation.text(zoo));
            FaultZooEvaluation.write(zoo, out);
            System.out.println("Written to " + out);
            return 0;
        }
        data.writeCertification(out.resolve("certification"));

        LumisectionScorer scorer = new LumisectionScorer(bundle);
        List<ScoredLumisection> scored = new ArrayList<>();
        List<ValidLumisection> all = data.lumisections();
        try (ProgressBar bar = Progress.bar().setTaskName("Scoring").setInitialMax(all.size()).build()) {
            for (int i = 0; i < all.size(); i += cfg.batch().maxRecords()) {
                List<ValidLumisection> batch = all.subList(i, Math.min(all.size(), i + cfg.batch().maxRecords()));
                scored.addAll(scorer.score(batch));
                bar.stepBy(batch.size());
            }
        }
        LumisectionEvaluation.Result result = LumisectionEvaluation.evaluate(bundle,
                LumisectionEvaluation.withRunHistories(new RunContext(bundle, cfg.runs().stale()), scored),
                data.labels(), maxPollution);
        System.out.print(EvaluationReport.text(bundle, result));
        EvaluationReport.write(result, out);
        System.out.println("Written to " + out);
        if (report != null) {
            System.out.println("Report: " + EvaluationReport.writeHtml(bundle, result, report).toAbsolutePath());
        }
        return 0;
    }
}
