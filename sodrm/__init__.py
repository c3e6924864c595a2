"""Builds the SODRM calibration programs site: load -> plan -> render -> write."""
