public enum Validation {}
