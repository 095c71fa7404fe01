package io.callstorm.core.persona;

/** A persona's age band. */
public enum AgeBand { AGE_18_29, AGE_30_44, AGE_45_64, AGE_65_PLUS }
