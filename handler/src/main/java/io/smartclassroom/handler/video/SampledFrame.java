package io.smartclassroom.handler.video;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One examined video frame: upright BGR pixels (valid only until the sampler moves on or closes; do not
 * close it), its position among the examined frames and its time from the first frame.
 */
public record SampledFrame(Mat bgr, int index, long timestampMicros) {}
