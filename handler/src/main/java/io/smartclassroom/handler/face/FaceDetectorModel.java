package io.smartclassroom.handler.face;

/** The pinned face detector: OpenCV Zoo YuNet (2023mar), used through OpenCV's {@code FaceDetectorYN}. */
public final class FaceDetectorModel {
    public static final String FILE = "face_detection_yunet_2023mar.onnx";
    public static final String SHA256 = "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4";
    public static final String SOURCE =
            "https://github.com/opencv/opencv_zoo/raw/main/models/face_detection_yunet/face_detection_yunet_2023mar.onnx";
    public static final String NAME = "YuNet 2023mar";

    private FaceDetectorModel() {}
}
