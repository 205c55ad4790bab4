#!/usr/bin/python3
"""PyTorch side of scripts/bench/engine.ts: the same two workloads, timed on demand.

Float64, one thread. Serves timing requests for the steps "cnn" and "mlp" as
torch_timing.py describes; when torch cannot be imported it prints
{"available": false, "reason": ...} instead. Usage: engine_torch.py
"""
from torch_timing import serve, unavailable


def main():
    try:
        import torch
        import torch.nn.functional as F
    except ImportError as error:
        unavailable(error)
        return

    torch.set_num_threads(1)
    torch.manual_seed(0)
    f64 = torch.float64

    def param(*shape, scale=0.1):
        return (torch.randn(*shape, dtype=f64) * scale).requires_grad_(True)

    # The handout's Section 3 CNN, batch 2, 3×64×64 input, then a sum.
    x = torch.randn(2, 3, 64, 64, dtype=f64)
    cnn = {
        "w1": param(16, 3, 3, 3), "b1": param(16), "w2": param(32, 16, 3, 3), "b2": param(32),
        "w3": param(8, 32, 1, 1), "b3": param(8), "w4": param(4, 8, 5, 5), "b4": param(4),
        "wf": param(10, 576), "bf": param(10),
    }

    def cnn_step():
        p = cnn
        h = F.conv2d(x, p["w1"], p["b1"], padding=1)
        h = F.max_pool2d(h, 2, 2)
        h = F.conv2d(h, p["w2"], p["b2"])
        h = F.max_pool2d(h, 2, 2, padding=1)
        h = F.conv2d(h, p["w3"], p["b3"])
        h = F.conv2d(h, p["w4"], p["b4"])
        out = F.linear(h.flatten(1), p["wf"], p["bf"]).sum()
        for t in p.values():
            t.grad = None
        out.backward()

    # One-hidden-layer MLP: d = 784, h = 128, 10 outputs, batch 64, relu, then a sum.
    xm = torch.randn(64, 784, dtype=f64)
    mlp = {"w1": param(128, 784), "b1": param(128), "w2": param(10, 128), "b2": param(10)}

    def mlp_step():
        p = mlp
        out = F.linear(F.relu(F.linear(xm, p["w1"], p["b1"])), p["w2"], p["b2"]).sum()
        for t in p.values():
            t.grad = None
        out.backward()

    facts = {"available": True, "version": torch.__version__, "threads": torch.get_num_threads(), "dtype": "float64"}
    serve(facts, {"cnn": cnn_step, "mlp": mlp_step})


if __name__ == "__main__":
    main()
