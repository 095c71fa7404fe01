package io.callstorm.core.persona;

/** The acoustic environment a persona calls from. */
public enum BackgroundNoise { QUIET, HOME, OFFICE, STREET, CAR, CAFE }
