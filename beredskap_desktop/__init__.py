"""beredskap_desktop: offline crisis management for a Norwegian municipality."""

__version__ = "0.1.0"
APP_NAME = "beredskap_desktop"
