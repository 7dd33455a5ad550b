def test_world_builds(world):
    assert world.commune_a.path.startswith(world.province_a.path)
