"""Synthetic lower-limb CT generator (shapes -> pose -> voxels -> tissues -> scanner). See generate.py."""
