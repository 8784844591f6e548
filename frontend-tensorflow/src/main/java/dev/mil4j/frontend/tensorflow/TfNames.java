package dev.mil4j.frontend.tensorflow;

/** MIL names for TensorFlow names: {@code model/dense/MatMul} becomes {@code model_dense_MatMul}. */
final class TfNames {
    private TfNames() {
    }

    static String sanitize(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_') ? c : '_');
        }
        if (sb.length() == 0 || Character.isDigit(sb.charAt(0))) {
            sb.insert(0, '_');
        }
        return sb.toString();
    }
}
