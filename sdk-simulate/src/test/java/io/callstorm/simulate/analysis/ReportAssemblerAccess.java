package io.callstorm.simulate.analysis;

import io.callstorm.simulate.report.DriftRow;
import io.callstorm.simulate.report.QualityRow;

import java.util.List;

/** Lets tests in other packages build reports with real drift rows. */
public final class ReportAssemblerAccess {
    private ReportAssemblerAccess() {
    }

    public static List<DriftRow> drift(List<QualityRow> quality) {
        return ReportAssembler.drift(quality);
    }
}
