"""Entity resolution: normalise, block, score and cluster records into explained hypotheses."""
